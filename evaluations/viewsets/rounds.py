"""The comprehensive evaluation's rounds (评估轮次, 第三十六条), in the
Wagtail admin: the bureau opens a round, assigns scorers to each unit's
evaluation and concludes it; an assigned scorer (reviewer or expert)
scores on its own page, listed under “My evaluation scoring”. Thin: each
POST is parsed by a form and calls one service."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from applications.roles import BUREAU, EXPERT_REVIEW, require, users_who_may
from applications.viewsets.confirm import confirmation_response, is_confirmed
from applications.viewsets.policies import BureauRecordsPolicy
from portal.core.admin import NotFoundWhenForbidden, ServiceCreateView
from portal.core.audit import audit_timeline
from portal.core.errors import Refused, form_problems

from ..forms import (
    ConcludeForm,
    EvaluationRoundForm,
    EvaluationScoreForm,
    ScorersForm,
)
from ..models import (
    Commender,
    Evaluation,
    EvaluationOutcome,
    EvaluationRound,
    EvaluationScore,
    EvaluationStatus,
)
from ..selectors import eligible_scorers, evaluation_score_table
from ..services.conclusion import evaluation_conclude_problems
from ..services.evaluation import (
    evaluation_conclude,
    evaluation_round_open,
    evaluation_score,
    evaluation_scorers_assign,
)


class EvaluationRoundCreateView(ServiceCreateView):
    def get_success_url(self):
        return reverse("evaluation_rounds:inspect", args=[self.object.pk])

    def get_success_message(self, instance):
        return _("Round opened: %(n)d unit(s) to evaluate.") % {"n": instance.evaluations.count()}

    def save_instance(self):
        data = self.form.cleaned_data
        return evaluation_round_open(
            user=self.request.user, title=data["title"], day=data["opened_on"]
        )


class EvaluationRoundInspectView(generic.InspectView):
    """The round: its indicators as snapshot, and each unit's evaluation
    with its scorers, progress, total and outcome."""

    template_name = "evaluations/admin/evaluation_round.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        evaluations = (
            self.object.evaluations.select_related("unit", "obligation", "report_page")
            .annotate(
                assigned=Count("scorers", distinct=True),
                scored=Count("scores__scorer", distinct=True),
            )
            .order_by("unit__code")
        )
        context.update({"evaluations": evaluations, "indicators": self.object.indicators})
        return context


def _evaluation_or_404(pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.select_related("round", "unit__county", "obligation", "report_page"),
        pk=pk,
    )


def _score_matrix(evaluation: Evaluation, table: dict) -> dict:
    """Returns the assigned scorers (whether and when each scored) and, for
    each indicator row of ``table``, every scorer's score (or None)."""
    scores = {}
    for score in EvaluationScore.objects.filter(evaluation=evaluation):
        scores.setdefault(score.scorer_id, {})[score.indicator_id] = score
    scorers = [
        {
            "user": scorer,
            "scored": scorer.pk in scores,
            "at": min((s.submitted_at for s in scores.get(scorer.pk, {}).values()), default=None),
        }
        for scorer in evaluation.scorers.order_by("username")
    ]
    rows = [
        {**row, "cells": [scores.get(s["user"].pk, {}).get(row["id"]) for s in scorers]}
        for row in table["rows"]
    ]
    return {"scorers": scorers, "rows": rows}


def evaluation_view(request, pk: int):
    """One unit's evaluation for the bureau: the scorers and their scores,
    the weighted total so far, the assign and conclude forms; after the
    conclusion, the report and what followed."""
    require(request.user, BUREAU)
    evaluation = _evaluation_or_404(pk)
    return _evaluation_page(request, evaluation)


def _evaluation_page(request, evaluation: Evaluation, *, typed=None, status=200):
    typed = typed or {}
    assigned = set(evaluation.scorers.values_list("pk", flat=True))
    candidates = list(eligible_scorers())
    experts = set(users_who_may(EXPERT_REVIEW).values_list("pk", flat=True))
    table = evaluation_score_table(evaluation=evaluation)
    return TemplateResponse(
        request,
        "evaluations/admin/evaluation.html",
        {
            "evaluation": evaluation,
            "unit": evaluation.unit,
            "table": table,
            "matrix": _score_matrix(evaluation, table),
            "indicators": evaluation.round.indicators,
            "candidates": [
                {
                    "user": u,
                    "checked": str(u.pk) in typed.get("scorers", [str(pk) for pk in assigned]),
                    "expert": u.pk in experts,
                }
                for u in candidates
            ],
            "outcomes": EvaluationOutcome.choices,
            "commenders": Commender.choices,
            "typed": typed,
            "orders": evaluation.rectifications.all(),
            "may_score": evaluation.status == EvaluationStatus.SCORING
            and request.user.pk in assigned,
            "timeline": audit_timeline(evaluation),
            "title": str(evaluation.unit),
        },
        status=status,
    )


@require_POST
def evaluation_assign_view(request, pk: int):
    """Sets the scorers of an evaluation."""
    require(request.user, BUREAU)
    evaluation = _evaluation_or_404(pk)
    form = ScorersForm(request.POST, eligible=eligible_scorers())
    chosen = [str(pk) for pk in form.data.getlist("scorers")]
    scorers = list(form.cleaned_data["scorers"]) if form.is_valid() else []
    try:
        evaluation_scorers_assign(evaluation=evaluation, user=request.user, scorers=scorers)
    except Refused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return _evaluation_page(request, evaluation, typed={"scorers": chosen}, status=400)
    messages.success(request, _("Scorers saved."))
    return redirect("evaluation_rounds:evaluation", evaluation.pk)


def _conclusion_consequence(evaluation: Evaluation, given: dict) -> str:
    """What follows the conclusion, for the outcome chosen."""
    published = _(
        "The total and the outcome are recorded for good: the report is published on the "
        "public site and the unit and its county government are told."
    )
    if given["outcome"] == EvaluationOutcome.COMMENDATION:
        then = _("The commendation by %(commender)s is announced with the report.") % {
            "commender": Commender(given["commended_by"]).label
        }
    elif given["outcome"] == EvaluationOutcome.RECTIFICATION:
        then = _(
            "%(unit)s is ordered to rectify by %(deadline)s; if it has not rectified by then, "
            "it may be delisted."
        ) % {"unit": evaluation.unit.name, "deadline": given["rectification_deadline"].isoformat()}
    else:
        return published
    return f"{published} {then}"


@require_POST
def evaluation_conclude_view(request, pk: int):
    """Concludes an evaluation: total, report PDF and page, the outcome."""
    require(request.user, BUREAU)
    evaluation = _evaluation_or_404(pk)
    form = ConcludeForm(request.POST)
    typed = {name: form.data.get(name, "") for name in form.fields}
    try:
        if not form.is_valid():
            raise Refused(form_problems(form))
        given = {
            "outcome": form.cleaned_data["outcome"],
            "conclusion": form.cleaned_data["conclusion"],
            "rectification_items": form.items_list(),
            "rectification_deadline": form.cleaned_data["deadline"],
            "commended_by": form.cleaned_data["commended_by"] or Commender.BUREAU,
        }
        # Asked to confirm only what can be done; what cannot comes back
        # on the page with everything typed.
        problems = evaluation_conclude_problems(
            evaluation=evaluation, today=timezone.localdate(), **given
        )
        if problems:
            raise Refused(problems)
        if not is_confirmed(request):
            return confirmation_response(
                request,
                title=_("Conclude the evaluation"),
                subject=str(evaluation.unit),
                consequence=_conclusion_consequence(evaluation, given),
                button=_("Yes: conclude and publish the report"),
                cancel_url=reverse("evaluation_rounds:evaluation", args=[evaluation.pk]),
            )
        evaluation_conclude(evaluation=evaluation, user=request.user, **given)
    except Refused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return _evaluation_page(request, evaluation, typed=typed, status=400)
    messages.success(request, _("Concluded; the report is published."))
    return redirect("evaluation_rounds:evaluation", evaluation.pk)


def evaluation_score_view(request, pk: int):
    """The scoring page of an assigned scorer (reviewer or expert): one form
    with a score and a comment for each indicator; afterwards, what was
    submitted. Anyone not assigned is answered 404, as for an evaluation
    that does not exist."""
    evaluation = _evaluation_or_404(pk)
    if not evaluation.scorers.filter(pk=request.user.pk).exists():
        raise Http404
    indicators = evaluation.round.indicators
    mine = {
        s.indicator_id: s
        for s in EvaluationScore.objects.filter(evaluation=evaluation, scorer=request.user)
    }
    status = 200
    typed = {}
    form = EvaluationScoreForm(request.POST or None, indicators=indicators)
    if request.method == "POST":
        typed = form.typed()
        try:
            if not form.is_valid():
                raise Refused(form_problems(form))
            evaluation_score(
                evaluation=evaluation,
                scorer=request.user,
                scores=form.scores(),
                comments=form.comments(),
            )
        except Refused as refused:
            for problem in refused.problems:
                messages.error(request, problem)
            status = 400
        else:
            messages.success(request, _("Your scores are submitted."))
            return redirect("evaluation_rounds:score", evaluation.pk)
    rows = [
        {
            "indicator": item,
            "score": typed.get(item["id"], ("", ""))[0],
            "comment": typed.get(item["id"], ("", ""))[1],
            "submitted": mine.get(item["id"]),
        }
        for item in indicators
    ]
    return TemplateResponse(
        request,
        "evaluations/admin/evaluation_score.html",
        {
            "evaluation": evaluation,
            "unit": evaluation.unit,
            "rows": rows,
            "scored": bool(mine),
            "open": evaluation.status == EvaluationStatus.SCORING,
        },
        status=status,
    )


def my_scoring_view(request):
    """The evaluations the user is assigned to score, open ones first."""
    rows = (
        Evaluation.objects.filter(scorers=request.user)
        .select_related("round", "unit")
        .annotate(mine=Count("scores", filter=Q(scores__scorer=request.user)))
        .order_by("-status", "-round__opened_on", "unit__code")
    )
    return TemplateResponse(
        request, "evaluations/admin/evaluation_my_scoring.html", {"evaluations": rows}
    )


class EvaluationRoundViewSet(NotFoundWhenForbidden, ModelViewSet):
    """评估轮次: comprehensive evaluation rounds (第三十六条)."""

    model = EvaluationRound
    form_class = EvaluationRoundForm
    add_view_class = EvaluationRoundCreateView
    inspect_view_enabled = True
    inspect_view_class = EvaluationRoundInspectView
    # The opener and the indicators are shown by the template, in words.
    inspect_view_fields = ["title", "opened_on"]
    icon = "clipboard-list"
    menu_label = gettext_lazy("Evaluation rounds")
    menu_order = 209
    add_to_admin_menu = True
    list_display = [
        "title",
        DateColumn("opened_on", label=gettext_lazy("Opened on"), sort_key="opened_on"),
        Column("opened_by", label=gettext_lazy("Opened by")),
        Column("units", label=gettext_lazy("Units")),
    ]
    ordering = ["-opened_on", "-pk"]

    def get_queryset(self, request):
        return EvaluationRound.objects.select_related("opened_by").annotate(
            units=Count("evaluations")
        )

    def get_form_class(self, for_update=False):
        return EvaluationRoundForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("evaluation/<int:pk>/", evaluation_view, name="evaluation"),
            path("evaluation/<int:pk>/assign/", evaluation_assign_view, name="assign"),
            path("evaluation/<int:pk>/conclude/", evaluation_conclude_view, name="conclude"),
            path("evaluation/<int:pk>/score/", evaluation_score_view, name="score"),
            path("my-scoring/", my_scoring_view, name="my_scoring"),
        ]


register_permission_policy(EvaluationRound, BureauRecordsPolicy(EvaluationRound), exact_class=True)
evaluation_round_viewset = EvaluationRoundViewSet("evaluation_rounds")
