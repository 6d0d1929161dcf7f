"""Staff screens of the comprehensive evaluation (第三十六条) and of
rectification and delisting (第三十八条), in the Wagtail admin.

- 设置 → 评估指标: the indicator set, administrators only, with one form
  that sets every weight at once (the active weights sum to 100);
- 评估轮次: the bureau opens a round, assigns scorers to each unit's
  evaluation and concludes it; an assigned scorer (reviewer or expert)
  scores on its own page, listed under “My evaluation scoring”;
- 整改通知: the bureau issues, verifies and, when not rectified, delists.

Thin: each POST calls one service; every view checks who may see it."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

from applications.roles import Role
from applications.selectors import staff_may_view
from applications.services import ApplicationError
from applications.viewsets import ReviewPermissionPolicy
from evaluations.models import ProtectedUnit, UnitStatus

from ..models import (
    Evaluation,
    EvaluationOutcome,
    EvaluationRound,
    EvaluationScore,
    EvaluationStatus,
    Indicator,
    RectificationOrder,
    RectificationStatus,
)
from ..services.evaluation import (
    eligible_scorers,
    evaluation_conclude,
    evaluation_round_open,
    evaluation_score,
    evaluation_score_table,
    evaluation_scorers_assign,
    indicator_weights_problem,
    indicator_weights_set,
)
from ..services.rectification import (
    rectification_decide,
    rectification_may_fail,
    rectification_order_issue,
)


def _staff_or_403(request) -> None:
    if not staff_may_view(user=request.user):
        raise PermissionDenied


def _is_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.groups.filter(name=Role.ADMIN).exists())


def _timeline(instance):
    """Returns the logged events of ``instance``, oldest first."""
    return (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=str(instance.pk),
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, TypeError):
        return None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# The indicator set (设置 → 评估指标).


class IndicatorPermissionPolicy(ModelPermissionPolicy):
    """Administrators add and change indicators; the bureau's reviewers read
    them. Nobody deletes one: rounds keep their snapshot and scores point to
    it; an indicator is retired by making it inactive."""

    def user_has_permission(self, user, action):
        if not user.is_authenticated:
            return False
        if action == "view":
            return staff_may_view(user=user)
        if action in ("add", "change"):
            return _is_admin(user)
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions, **kwargs):
        roles = set()
        if {"add", "change"} & set(actions):
            roles.add(Role.ADMIN)
        if "view" in actions:
            roles |= {Role.ADMIN, Role.MUNICIPAL_REVIEWER}
        if not roles:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name__in=roles), is_active=True)
            .distinct()
        )


class IndicatorForm(WagtailAdminModelForm):
    """One indicator; saved only if the active weights still sum to 100
    with it (the whole set is rebalanced on the weights form)."""

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and not (0 <= weight <= 100):
            raise ValidationError(_("Give a weight from 0 to 100."))
        return weight

    def clean(self):
        cleaned = super().clean()
        weight = cleaned.get("weight")
        if weight is None:
            return cleaned
        others = Indicator.objects.filter(active=True)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        weights = list(others.values_list("weight", flat=True))
        if cleaned.get("active"):
            weights.append(weight)
        problem = indicator_weights_problem(weights)
        if problem:
            raise ValidationError(
                problem
                + " "
                + _(
                    "To rebalance the set, change every weight at once with “Edit weights” on "
                    "the list of indicators (or add a new indicator as inactive first)."
                )
            )
        return cleaned


class IndicatorIndexView(SnippetIndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if _is_admin(self.request.user):
            buttons.append(
                HeaderButton(
                    _("Edit weights"),
                    url=reverse("wagtailsnippets_evaluations_indicator:weights"),
                    icon_name="edit",
                )
            )
        return buttons


class IndicatorViewSet(SnippetViewSet):
    """评估指标: the dimensions of the comprehensive evaluation and their
    weights. Each round keeps a snapshot, so edits change future rounds
    only; edits are logged by Wagtail."""

    model = Indicator
    icon = "list-ol"
    menu_label = gettext_lazy("Evaluation indicators")
    add_to_settings_menu = True
    index_view_class = IndicatorIndexView
    list_display = ["name", "code", "weight", "active", "order"]
    ordering = ["order", "code"]
    edit_handler = ObjectList(
        [
            FieldPanel("code"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("weight"),
            FieldPanel("active"),
            FieldPanel("order"),
        ],
        base_form_class=IndicatorForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("weights/", indicator_weights_view, name="weights"),
        ]


register_permission_policy(Indicator, IndicatorPermissionPolicy(Indicator), exact_class=True)


def indicator_weights_view(request):
    """Sets the weight and active flag of every indicator in one form, so
    the set can be rebalanced; refused unless the active weights sum to
    100 (administrators only)."""
    if not _is_admin(request.user):
        raise PermissionDenied
    indicators = list(Indicator.objects.order_by("order", "code"))
    status = 200
    typed = {}
    if request.method == "POST":
        weights = {}
        for indicator in indicators:
            raw = request.POST.get(f"weight-{indicator.pk}", "")
            active = request.POST.get(f"active-{indicator.pk}") == "on"
            typed[indicator.pk] = (raw, active)
            weights[indicator.pk] = (_decimal(raw), active)
        try:
            indicator_weights_set(user=request.user, weights=weights)
        except ApplicationError as refused:
            for problem in refused.problems:
                messages.error(request, problem)
            status = 400
        else:
            messages.success(request, _("The weights are saved."))
            return redirect("wagtailsnippets_evaluations_indicator:list")
    rows = [
        {
            "indicator": i,
            "weight": typed.get(i.pk, (i.weight, i.active))[0],
            "active": typed.get(i.pk, (i.weight, i.active))[1],
        }
        for i in indicators
    ]
    return TemplateResponse(
        request,
        "evaluations/admin/evaluation_indicators.html",
        {"rows": rows},
        status=status,
    )


# Rounds and each unit's evaluation (评估轮次).


class BureauPolicy(ReviewPermissionPolicy):
    """The bureau's reviewers and administrators open and read these; there
    is no edit or delete: every change goes through a service on its own
    screen."""

    allowed_actions = frozenset({"add", "view"})


class EvaluationRoundForm(WagtailAdminModelForm):
    class Meta:
        model = EvaluationRound
        fields = ["title", "opened_on"]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"opened_on": gettext_lazy("Opens on")}
        help_texts = {
            "opened_on": gettext_lazy(
                "The round takes in every unit whose comprehensive evaluation falls due within "
                "90 days of this day, or is overdue, and that is not delisted."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("opened_on", timezone.localdate())


class EvaluationRoundCreateView(generic.CreateView):
    def get_success_buttons(self):
        return []

    def get_success_url(self):
        return reverse("evaluation_rounds:inspect", args=[self.object.pk])

    def get_success_message(self, instance):
        return _("Round opened: %(n)d unit(s) to evaluate.") % {"n": instance.evaluations.count()}

    def save_instance(self):
        data = self.form.cleaned_data
        return evaluation_round_open(
            user=self.request.user, title=data["title"], day=data["opened_on"]
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ApplicationError as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
            # Set by Wagtail's own validation only; form_invalid reads it.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


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
    _staff_or_403(request)
    evaluation = _evaluation_or_404(pk)
    return _evaluation_page(request, evaluation)


def _evaluation_page(request, evaluation: Evaluation, *, typed=None, status=200):
    typed = typed or {}
    assigned = set(evaluation.scorers.values_list("pk", flat=True))
    candidates = list(eligible_scorers().prefetch_related("groups"))
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
                    "expert": any(g.name == Role.EXPERT for g in u.groups.all()),
                }
                for u in candidates
            ],
            "outcomes": EvaluationOutcome.choices,
            "typed": typed,
            "orders": evaluation.rectifications.all(),
            "may_score": evaluation.status == EvaluationStatus.SCORING
            and request.user.pk in assigned,
            "timeline": _timeline(evaluation),
            "title": str(evaluation.unit),
        },
        status=status,
    )


@require_POST
def evaluation_assign_view(request, pk: int):
    """Sets the scorers of an evaluation."""
    _staff_or_403(request)
    evaluation = _evaluation_or_404(pk)
    chosen = request.POST.getlist("scorers")
    scorers = list(eligible_scorers().filter(pk__in=[c for c in chosen if c.isdigit()]))
    try:
        evaluation_scorers_assign(evaluation=evaluation, user=request.user, scorers=scorers)
    except ApplicationError as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return _evaluation_page(request, evaluation, typed={"scorers": chosen}, status=400)
    messages.success(request, _("Scorers saved."))
    return redirect("evaluation_rounds:evaluation", evaluation.pk)


@require_POST
def evaluation_conclude_view(request, pk: int):
    """Concludes an evaluation: total, report PDF and page, the outcome."""
    _staff_or_403(request)
    evaluation = _evaluation_or_404(pk)
    data = request.POST
    typed = {
        "outcome": data.get("outcome", ""),
        "conclusion": data.get("conclusion", ""),
        "items": data.get("items", ""),
        "deadline": data.get("deadline", ""),
    }
    deadline = _date(typed["deadline"]) if typed["deadline"] else None
    try:
        if typed["deadline"] and deadline is None:
            raise ApplicationError([_("Give the deadline as YYYY-MM-DD.")])
        evaluation_conclude(
            evaluation=evaluation,
            user=request.user,
            outcome=typed["outcome"],
            conclusion=typed["conclusion"],
            rectification_items=_lines(typed["items"]),
            rectification_deadline=deadline,
        )
    except ApplicationError as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return _evaluation_page(request, evaluation, typed=typed, status=400)
    messages.success(request, _("Concluded; the report is published."))
    return redirect("evaluation_rounds:evaluation", evaluation.pk)


def evaluation_score_view(request, pk: int):
    """The scoring page of an assigned scorer (reviewer or expert): one form
    with a score and a comment for each indicator; afterwards, what was
    submitted. Anyone not assigned is refused."""
    evaluation = _evaluation_or_404(pk)
    if not evaluation.scorers.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    indicators = evaluation.round.indicators
    mine = {
        s.indicator_id: s
        for s in EvaluationScore.objects.filter(evaluation=evaluation, scorer=request.user)
    }
    status = 200
    typed = {}
    if request.method == "POST":
        scores, comments = {}, {}
        for item in indicators:
            raw = request.POST.get(f"score-{item['id']}", "")
            comment = request.POST.get(f"comment-{item['id']}", "")
            typed[item["id"]] = (raw, comment)
            value = _decimal(raw)
            if value is not None:
                scores[item["id"]] = value
            comments[item["id"]] = comment
        try:
            evaluation_score(
                evaluation=evaluation, scorer=request.user, scores=scores, comments=comments
            )
        except ApplicationError as refused:
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


class EvaluationRoundViewSet(ModelViewSet):
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
    menu_order = 208
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


register_permission_policy(EvaluationRound, BureauPolicy(EvaluationRound), exact_class=True)
evaluation_round_viewset = EvaluationRoundViewSet("evaluation_rounds")


# Rectification orders (整改通知) and delisting.


class RectificationOrderForm(WagtailAdminModelForm):
    items_text = forms.CharField(
        label=gettext_lazy("Things to rectify"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One per line."),
    )

    class Meta:
        model = RectificationOrder
        fields = ["unit", "evaluation", "deadline"]
        widgets = {"deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {
            "unit": gettext_lazy("Unit"),
            "evaluation": gettext_lazy("After the evaluation (optional)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ProtectedUnit.objects.exclude(
            status=UnitStatus.DELISTED
        ).order_by("code")
        self.fields["evaluation"].queryset = Evaluation.objects.filter(
            status=EvaluationStatus.PUBLISHED
        ).select_related("round", "unit")
        self.fields["evaluation"].required = False


class RectificationOrderCreateView(generic.CreateView):
    """Issues an order, for a unit (``?unit=``) or after an evaluation
    (``?evaluation=``)."""

    def get_initial(self):
        initial = super().get_initial()
        evaluation = self.request.GET.get("evaluation", "")
        unit = self.request.GET.get("unit", "")
        if evaluation.isdigit():
            found = Evaluation.objects.filter(pk=evaluation).first()
            if found is not None:
                initial.update({"evaluation": found.pk, "unit": found.unit_id})
        elif unit.isdigit():
            initial["unit"] = int(unit)
        return initial

    def get_success_buttons(self):
        return []

    def get_success_url(self):
        return reverse("rectification_orders:inspect", args=[self.object.pk])

    def get_success_message(self, instance):
        return _("Rectification ordered; %(unit)s is told.") % {"unit": instance.unit.name}

    def save_instance(self):
        data = self.form.cleaned_data
        return rectification_order_issue(
            unit=data["unit"],
            user=self.request.user,
            items=_lines(data["items_text"]),
            deadline=data["deadline"],
            evaluation=data.get("evaluation"),
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ApplicationError as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
            # Set by Wagtail's own validation only; form_invalid reads it.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class RectificationOrderInspectView(generic.InspectView):
    """One order: the items and deadline, the unit's report, the
    verification forms (closed, or not rectified: delisting), the record."""

    template_name = "evaluations/admin/rectification.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        today = timezone.localdate()
        context.update(
            {
                "order": order,
                "open": order.status in (RectificationStatus.ORDERED, RectificationStatus.REPORTED),
                "may_close": order.status == RectificationStatus.REPORTED,
                "may_fail": rectification_may_fail(order, today=today),
                "overdue": order.status == RectificationStatus.ORDERED and today > order.deadline,
                "timeline": _timeline(order),
            }
        )
        return context


@require_POST
def rectification_decide_view(request, pk: int):
    """Verifies a rectification: closed, or not rectified (the unit is
    delisted)."""
    _staff_or_403(request)
    order = get_object_or_404(RectificationOrder, pk=pk)
    action = request.POST.get("action", "")
    if action not in ("close", "fail"):
        raise Http404
    try:
        rectification_decide(
            order=order,
            user=request.user,
            rectified=action == "close",
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as refused:
        for problem in refused.problems:
            messages.error(request, problem)
    else:
        messages.success(
            request,
            _("Rectification verified and closed.")
            if action == "close"
            else _("Not rectified: the unit is delisted and the notice published."),
        )
    return redirect("rectification_orders:inspect", pk)


def rectification_report_file_view(request, pk: int):
    """Serves the unit's rectification report file to bureau staff only;
    logged."""
    _staff_or_403(request)
    order = get_object_or_404(RectificationOrder, pk=pk)
    if not order.report:
        raise Http404
    name = order.report.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    log(
        instance=order,
        action="portal.file.download",
        user=request.user,
        data={"file": "rectification_report", "name": name},
    )
    return FileResponse(order.report.open("rb"), filename=name)


class RectificationOrderViewSet(ModelViewSet):
    """整改通知: orders to rectify (第三十八条) and what became of them."""

    model = RectificationOrder
    form_class = RectificationOrderForm
    add_view_class = RectificationOrderCreateView
    inspect_view_enabled = True
    inspect_view_class = RectificationOrderInspectView
    icon = "warning"
    menu_label = gettext_lazy("Rectification orders")
    menu_order = 209
    add_to_admin_menu = True
    list_display = [
        Column("unit", label=gettext_lazy("Unit")),
        DateColumn("deadline", label=gettext_lazy("Deadline"), sort_key="deadline"),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        DateColumn("issued_at", label=gettext_lazy("Issued at"), sort_key="issued_at"),
    ]
    list_filter = ["status"]
    ordering = ["-issued_at"]

    def get_queryset(self, request):
        return RectificationOrder.objects.select_related("unit")

    def get_form_class(self, for_update=False):
        return RectificationOrderForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", rectification_decide_view, name="decide"),
            path("report/<int:pk>/", rectification_report_file_view, name="report"),
        ]


register_permission_policy(RectificationOrder, BureauPolicy(RectificationOrder), exact_class=True)
rectification_order_viewset = RectificationOrderViewSet("rectification_orders")
