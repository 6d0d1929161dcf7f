"""The bureau's screens for what units file (Wagtail admin, /admin/filings/):
the list of filings awaiting an answer, each filing with its files and
comments, and the decision. Staff only; every file download is logged."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from applications.roles import BUREAU, require
from applications.viewsets.confirm import confirmation_response, is_confirmed
from portal.core.errors import Refused, form_problems
from portal.core.headers import private_file_download

from ..forms import FilingDecisionForm
from ..models import (
    Acceptance,
    AcceptanceStatus,
    AssessmentStatus,
    FilingStatus,
    MasterPlan,
    PlanChange,
    PlanChangeStatus,
    SelfAssessment,
)
from ..selectors import filings_awaiting_bureau, filings_bureau_reads
from ..selectors.filings import plan_change_approval_problems
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


# (kind, yes?) → the title, what follows, and whether a reason is needed
# (the services refuse without one): asked on the confirmation page.
CONSEQUENCES = {
    ("plan", True): (
        gettext_lazy("File the plan"),
        gettext_lazy(
            "The plan is filed: the obligation to file it is done, its term starts counting "
            "towards the acceptance and the unit is told."
        ),
        False,
    ),
    ("plan", False): (
        gettext_lazy("Return the plan"),
        gettext_lazy(
            "The plan is returned to the unit with your reason: the obligation to file it opens "
            "again and the unit revises and files it anew."
        ),
        True,
    ),
    ("change", True): (
        gettext_lazy("Approve the plan change"),
        gettext_lazy(
            "The new plan is filed and replaces the one in force, which is kept on record; the "
            "unit is told, with your reason."
        ),
        True,
    ),
    ("change", False): (
        gettext_lazy("Refuse the plan change"),
        gettext_lazy(
            "The change is refused and the plan in force stays; the unit is told, with your reason."
        ),
        True,
    ),
    ("assessment", True): (
        gettext_lazy("File the self-assessment"),
        gettext_lazy(
            "The self-assessment is filed: the year's obligation is done and the unit is told."
        ),
        False,
    ),
    ("assessment", False): (
        gettext_lazy("Return the self-assessment"),
        gettext_lazy(
            "The self-assessment is returned with your reason: the year's obligation opens again "
            "and the unit revises and files it anew."
        ),
        True,
    ),
    ("acceptance", True): (
        gettext_lazy("Pass the acceptance"),
        gettext_lazy(
            "The zone passes: it becomes a cultural ecology protection zone under its new name, "
            "the notice is published on the public site, the plaque is issued and the unit is "
            "told, with your reason."
        ),
        True,
    ),
    ("acceptance", False): (
        gettext_lazy("Fail the acceptance"),
        gettext_lazy(
            "The zone does not pass: it stays an experimental zone and its obligation to be "
            "accepted stays open for a new application; the unit is told, with your reason."
        ),
        True,
    ),
}
# The states in which a filing awaits the bureau's decision.
AWAITING = (
    FilingStatus.SUBMITTED,
    PlanChangeStatus.SUBMITTED,
    AssessmentStatus.SUBMITTED,
    AcceptanceStatus.APPLIED,
)


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
            # The decision's reason, in the admin's own field.
            "form": FilingDecisionForm(auto_id="decision-%s"),
        },
    )


@require_POST
def filing_decide(request, kind: str, pk: int):
    """Takes the bureau's decision on a filing: yes (acknowledge, approve,
    pass) or no (return, refuse, fail), with the written reason, once
    confirmed on the page that states what follows (none can be undone)."""
    _staff_or_403(request)
    if kind not in FILINGS:
        raise Http404
    obj = get_object_or_404(filings_bureau_reads(FILINGS[kind][0]), pk=pk)
    form = FilingDecisionForm(request.POST)
    if not form.is_valid():
        for problem in form_problems(form):
            messages.error(request, problem)
        return redirect("evaluation_filing", kind=kind, pk=pk)
    yes = form.cleaned_data["decision"] == FilingDecisionForm.YES
    note = form.cleaned_data["reason"]
    if kind == "change" and yes and obj.status in AWAITING:
        # What would refuse the approval is told before asking to confirm it.
        if problems := plan_change_approval_problems(change=obj):
            for problem in problems:
                messages.error(request, problem)
            return redirect("evaluation_filing", kind=kind, pk=pk)
    if obj.status in AWAITING and not is_confirmed(request):
        title, consequence, reason_needed = CONSEQUENCES[(kind, yes)]
        return confirmation_response(
            request,
            title=title,
            subject=str(obj.plan.unit if kind == "change" else obj.unit),
            consequence=consequence,
            button=_("Yes: %(action)s") % {"action": title},
            cancel_url=reverse("evaluation_filing", kwargs={"kind": kind, "pk": pk}),
            reason_needed=reason_needed,
        )
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
    return private_file_download(
        request=request,
        about=obj,
        field_file=file,
        what=f"{kind}:{field}",
        filename=file.name.rsplit("/", 1)[-1],
        inline=True,
    )
