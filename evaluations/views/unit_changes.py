"""The unit's own pages after filing (/units/): the filed plan's document,
the request to change the plan (第三十七条) and the report on a
rectification order (第三十八条). Thin: each POST calls one service; a
refusal comes back with what was typed and every problem."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from applications.selectors import rules_on
from portal.core.errors import Refused
from portal.core.headers import private_file_download

from ..forms import PlanChangeForm, RectificationReportForm
from ..models import MasterPlan, RectificationOrder, RectificationStatus
from ..selectors import plan_in_force
from ..services.plans import plan_change_request
from ..services.rectification import rectification_report_submit
from .units import unit_or_404


@login_required
def plan_document(request, code: str, pk: int):
    """Serves one of the unit's plan documents to its accounts; logged."""
    unit = unit_or_404(request, code)
    plan = get_object_or_404(MasterPlan, unit=unit, pk=pk)
    return private_file_download(
        request=request,
        about=plan,
        field_file=plan.document,
        what="master_plan",
        filename=plan.document_name or plan.document.name.rsplit("/", 1)[-1],
        inline=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_change(request, code: str):
    """Requests a change of the plan in force (第三十七条): the reason, the
    residents' consultation, the county's consent and the new plan."""
    unit = unit_or_404(request, code)
    plan = plan_in_force(unit=unit)
    if plan is None:
        raise Http404
    rules = rules_on(day=unit.established_on)
    initial = {
        "starts_on": plan.starts_on,
        "term_years": plan.term_years,
        "near_term_years": plan.near_term_years,
        "mid_term_years": plan.mid_term_years,
        "long_term_years": plan.long_term_years,
        "term_reason": plan.term_reason,
        "core": list(plan.core_townships.all()),
        "dissemination": list(plan.dissemination_townships.all()),
        **{f"villages_{pk}": "、".join(names) for pk, names in plan.villages.items()},
    }
    form = PlanChangeForm(request.POST or None, request.FILES or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_change_request(
                plan=plan,
                user=request.user,
                reason=data["reason"],
                consultation=data["consultation"],
                consent=data["consent"],
                **form.plan_structure(),
            )
        except Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The plan change was sent to the bureau."))
            return redirect("my_units:plan", code=unit.code)
    return render(
        request,
        "evaluations/units/plan_change.html",
        {"unit": unit, "plan": plan, "form": form, "rules": rules},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def rectification_report(request, code: str, pk: int):
    """The unit's report on a rectification order (第三十八条): the order's
    items and deadline, then what was done and a document; once reported,
    the report and the bureau's verification."""
    unit = unit_or_404(request, code)
    order = get_object_or_404(RectificationOrder, unit=unit, pk=pk)
    form = RectificationReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            rectification_report_submit(
                order=order,
                user=request.user,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["report"],
            )
        except Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("The rectification report was sent to the bureau."))
            return redirect("my_units:detail", code=unit.code)
    return render(
        request,
        "evaluations/units/rectification.html",
        {
            "unit": unit,
            "order": order,
            "form": form,
            "open": order.status == RectificationStatus.ORDERED,
        },
        status=400 if form.errors else 200,
    )


@login_required
def rectification_document(request, code: str, pk: int):
    """Serves the unit's own rectification report document; logged."""
    unit = unit_or_404(request, code)
    order = get_object_or_404(RectificationOrder, unit=unit, pk=pk)
    return private_file_download(
        request=request,
        about=order,
        field_file=order.report,
        what="rectification_report",
        filename=order.report.name.rsplit("/", 1)[-1],
        inline=True,
    )
