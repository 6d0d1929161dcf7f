"""The pages of an established unit's own accounts, under /units/: the
timeline of what it owes, and the forms to file its master plan, its
self-assessments and its application for acceptance. Thin: each POST
calls one service; a refused filing comes back with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.selectors import rules_on
from portal.core.errors import Refused, form_problems
from portal.core.headers import private_file_download
from portal.core.selectors import period_status

from ..forms import (
    AcceptanceForm,
    AssessmentActionForm,
    AssessmentForm,
    EventFormSet,
    PlanForm,
)
from ..models import (
    AssessmentStatus,
    FilingStatus,
    PlanChange,
    PlanChangeStatus,
    SelfAssessment,
)
from ..selectors import (
    acceptance_opening,
    assessment_report_public,
    plan_in_force,
    plan_shown,
    unit_timeline,
    units_for_user,
)
from ..selectors.units import units_of_county_bureau
from ..services.acceptance import acceptance_apply
from ..services.assessments import assessment_comment_open, assessment_save, assessment_submit
from ..services.plans import plan_submit


def unit_or_404(request, code: str):
    """Returns the unit ``code`` of the requesting account's organisations;
    404 for any other."""
    return get_object_or_404(units_for_user(user=request.user), code=code)


@login_required
def unit_list(request):
    """The units the account files for."""
    return render(
        request,
        "evaluations/units/list.html",
        {
            "units": units_for_user(user=request.user),
            # A county bureau also sees the reserves spanning its county
            # that another county's bureau leads (第六条（一）).
            "shared": units_of_county_bureau(user=request.user),
        },
    )


@login_required
def unit_detail(request, code: str):
    """One unit: its timeline (past, current, next) and what it can file."""
    unit = unit_or_404(request, code)
    context = _unit_record(unit) | {"year": timezone.localdate().year - 1}
    return render(request, "evaluations/units/detail.html", context)


def _unit_record(unit) -> dict:
    """What a unit's page shows of its record, whoever reads it."""
    return {
        "unit": unit,
        "timeline": unit_timeline(unit=unit),
        "plan": plan_in_force(unit=unit),
        "assessments": unit.self_assessments.order_by("-year"),
        "orders": unit.rectifications.order_by("-issued_at"),
    }


@login_required
def unit_shared(request, code: str):
    """A reserve spanning the county of the requesting county bureau and
    led by another county's bureau (第六条（一））, read-only: its facts,
    obligations, plan, self-assessments and rectification orders, which
    that bureau is told of; the lead files them. 404 for any other unit or
    account."""
    unit = get_object_or_404(units_of_county_bureau(user=request.user), code=code)
    return render(request, "evaluations/units/shared.html", _unit_record(unit))


@login_required
@require_http_methods(["GET", "POST"])
def plan_file(request, code: str):
    """Files the master plan of a reserve (第十三–十六条); once one is filed
    or awaiting the bureau, shows it read-only, with its changes and the
    way to request another (第三十七条)."""
    unit = unit_or_404(request, code)
    shown = plan_shown(unit=unit)
    if shown is not None:
        return render(
            request,
            "evaluations/units/plan_view.html",
            {
                "unit": unit,
                "plan": shown,
                "in_force": shown.status == FilingStatus.FILED,
                "changes": PlanChange.objects.filter(plan__unit=unit)
                .select_related("new_plan")
                .order_by("-pk"),
                "change_pending": PlanChange.objects.filter(
                    plan__unit=unit, status=PlanChangeStatus.SUBMITTED
                ).exists(),
            },
        )
    rules = rules_on(day=unit.established_on)
    initial = {"term_years": rules.plan_term_years, "near_term_years": rules.near_term_max_years}
    form = PlanForm(request.POST or None, request.FILES or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan_submit(unit=unit, user=request.user, **form.plan_structure())
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The master plan was filed with the bureau."))
            return redirect("my_units:detail", code=unit.code)
    return render(
        request,
        "evaluations/units/plan.html",
        {"unit": unit, "form": form, "rules": rules},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request, code: str, year: int):
    """Drafts a year's self-assessment, publishes it for public comment,
    and files it with the bureau once the comment period is over."""
    unit = unit_or_404(request, code)
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404
    assessment = SelfAssessment.objects.filter(unit=unit, year=year).first()
    initial = {}
    events_initial = []
    if assessment is not None:
        initial = {
            "key_work": "\n".join(assessment.key_work),
            "summary": assessment.summary,
            "personal_data_removed": assessment.personal_data_removed_at is not None,
        }
        events_initial = assessment.events
    form = AssessmentForm(request.POST or None, request.FILES or None, initial=initial)
    events = EventFormSet(request.POST or None, initial=events_initial, prefix="events")
    if request.method == "POST":
        choice = AssessmentActionForm(request.POST)
        try:
            if not choice.is_valid():
                raise Refused(form_problems(choice))
            action = choice.chosen()
            if action in (choice.SAVE, choice.COMMENT) and form.is_valid() and events.is_valid():
                assessment = assessment_save(
                    unit=unit,
                    user=request.user,
                    year=year,
                    key_work=form.cleaned_data["key_work"].splitlines(),
                    summary=form.cleaned_data["summary"],
                    events=[
                        {
                            "name": e.get("name", ""),
                            "date": e["date"].isoformat() if e.get("date") else "",
                            "place": e.get("place", ""),
                        }
                        for e in events.cleaned_data
                        if e
                    ],
                    upload=form.cleaned_data.get("report"),
                    personal_data_removed=form.cleaned_data["personal_data_removed"],
                )
                if action == choice.COMMENT:
                    assessment_comment_open(assessment=assessment, user=request.user)
                    messages.success(request, _("Published for public comment."))
                else:
                    messages.success(request, _("Saved."))
                return redirect("my_units:assessment", code=unit.code, year=year)
            if action == choice.SUBMIT and assessment is not None:
                assessment_submit(assessment=assessment, user=request.user)
                messages.success(request, _("Filed with the bureau."))
                return redirect("my_units:detail", code=unit.code)
        except Refused as refused:
            form.add_error(None, str(refused))
    editable = assessment is None or assessment.status in (
        AssessmentStatus.DRAFT,
        AssessmentStatus.RETURNED,
    )
    return render(
        request,
        "evaluations/units/assessment.html",
        {
            "unit": unit,
            "year": year,
            "assessment": assessment,
            "form": form,
            "events": events,
            "editable": editable,
            "report_public": assessment is not None and assessment_report_public(assessment),
            "comment_status": period_status(period=assessment.comment_period)
            if assessment and assessment.comment_period
            else None,
        },
        # A refusal, or an exhibition event the formset refused.
        status=400 if form.errors or any(events.errors) else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def acceptance_application(request, code: str):
    """Applies for acceptance of an experimental zone (第十八条) once it is
    open; before, says when it opens."""
    unit = unit_or_404(request, code)
    form = AcceptanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            acceptance_apply(unit=unit, user=request.user, upload=form.cleaned_data["report"])
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("The application for acceptance was sent."))
            return redirect("my_units:detail", code=unit.code)
    return render(
        request,
        "evaluations/units/acceptance.html",
        {
            "unit": unit,
            "form": form,
            "opening": acceptance_opening(unit=unit),
            "years": rules_on(day=unit.established_on).acceptance_after_years,
        },
        status=400 if form.errors else 200,
    )


@login_required
def assessment_report(request, code: str, year: int):
    """Serves a self-assessment's report to the unit's accounts; logged."""
    unit = unit_or_404(request, code)
    assessment = get_object_or_404(SelfAssessment, unit=unit, year=year)
    return private_file_download(
        request=request,
        about=assessment,
        field_file=assessment.report,
        what="self_assessment_report",
        filename=assessment.report_name,
        inline=True,
    )
