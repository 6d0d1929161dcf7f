"""The bureau's screens for what units file (Wagtail admin, /admin/filings/):
the list of filings awaiting an answer, each filing with its files and
comments, and the decision. Staff only; every file download is logged."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.roles import BUREAU, require
from portal.core.errors import Refused, form_problems
from portal.core.headers import private_file_download

from ..forms import DecisionForm
from ..models import Acceptance, MasterPlan, PlanChange, SelfAssessment
from ..selectors import filings_awaiting_bureau, filings_bureau_reads
from ..services.acceptance import acceptance_decide
from ..services.assessments import assessment_decide
from ..services.plans import plan_change_decide, plan_decide

# kind → (model, the field names of its files); filing_decide calls each
# kind's decision service.
FILINGS = {
    "plan": (MasterPlan, ("document",)),
    "change": (PlanChange, ("consultation", "consent")),
    "assessment": (SelfAssessment, ("report",)),
    "acceptance": (Acceptance, ("report",)),
}


def _staff_or_403(request) -> None:
    require(request.user, BUREAU)


def filings(request):
    """What units filed that awaits the bureau."""
    _staff_or_403(request)
    return render(request, "evaluations/admin/filings.html", filings_awaiting_bureau())


def filing(request, kind: str, pk: int):
    """One filing: its facts, files, public comments (with the commenters'
    identities, for the staff only) and the decision form."""
    _staff_or_403(request)
    if kind not in FILINGS:
        raise Http404
    model, files = FILINGS[kind]
    obj = get_object_or_404(filings_bureau_reads(model), pk=pk)
    return render(
        request,
        "evaluations/admin/filing.html",
        {
            "kind": kind,
            "obj": obj,
            "unit": obj.plan.unit if kind == "change" else obj.unit,
            "files": [f for f in files if getattr(obj, f)],
            "comments": obj.comments.all() if kind == "assessment" else [],
            "new_plan": obj.new_plan if kind == "change" else None,
        },
    )


@require_POST
def filing_decide(request, kind: str, pk: int):
    """Takes the bureau's decision on a filing: yes (acknowledge, approve,
    pass) or no (return, refuse, fail), with the written note."""
    _staff_or_403(request)
    if kind not in FILINGS:
        raise Http404
    obj = get_object_or_404(filings_bureau_reads(FILINGS[kind][0]), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        for problem in form_problems(form):
            messages.error(request, problem)
        return redirect("evaluation_filing", kind=kind, pk=pk)
    yes = form.cleaned_data["decision"] == "yes"
    note = form.cleaned_data["note"]
    try:
        if kind == "plan":
            plan_decide(plan=obj, user=request.user, filed=yes, note=note)
        elif kind == "change":
            plan_change_decide(change=obj, user=request.user, approved=yes, reason=note)
        elif kind == "assessment":
            assessment_decide(assessment=obj, user=request.user, filed=yes, note=note)
        else:
            acceptance_decide(acceptance=obj, user=request.user, passed=yes, reason=note)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Recorded."))
    return redirect("evaluation_filing", kind=kind, pk=pk)


def filing_file(request, kind: str, pk: int, field: str):
    """Serves a file of a filing to bureau staff; logged."""
    _staff_or_403(request)
    if kind not in FILINGS or field not in FILINGS[kind][1]:
        raise Http404
    obj = get_object_or_404(filings_bureau_reads(FILINGS[kind][0]), pk=pk)
    file = getattr(obj, field)
    if not file:
        raise Http404
    return private_file_download(
        request=request,
        about=obj,
        field_file=file,
        what=f"{kind}:{field}",
        filename=file.name.rsplit("/", 1)[-1],
        inline=True,
    )
