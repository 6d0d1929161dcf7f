"""The bureau's screens of the municipal government's decision (第十二条),
in the Wagtail admin: recording its approval of candidates of a
publicised list, and the scan, or its refusal. Thin: each POST calls one
service (approval_record, application_refusal_record); staff only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from applications.models import CandidateList, GovernmentRefusal
from applications.roles import BUREAU, may, require
from applications.services.publicity import approval_problems
from applications.services.refusals import application_refusal_record
from portal.core.errors import Refused
from portal.core.headers import private_file_download

from ..forms import ApprovalForm, RefusalForm
from ..models import Approval
from ..services.designation import approval_record


def _staff_or_403(request) -> None:
    require(request.user, BUREAU)


def _publicised_or_none(request, pk: int) -> CandidateList | None:
    """Returns the candidate list ``pk`` for the bureau's staff (403 for
    anyone else, 404 for no such list) once it has been published for
    publicity — the government decides on a publicised list only —, else
    None, with a message saying so."""
    _staff_or_403(request)
    candidate_list = get_object_or_404(CandidateList.objects.select_related("period"), pk=pk)
    if not candidate_list.period_id:
        messages.error(request, _("Publish the list for publicity first."))
        return None
    return candidate_list


def approval_record_view(request, pk: int):
    """Records the municipal government's approval of candidates of a
    publicised list; shows why any candidate cannot be approved yet."""
    candidate_list = _publicised_or_none(request, pk)
    if candidate_list is None:
        return redirect("candidate_lists:inspect", pk)
    form = ApprovalForm(request.POST or None, request.FILES or None, candidate_list=candidate_list)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            approval = approval_record(
                candidate_list=candidate_list,
                user=request.user,
                document_number=data["document_number"],
                approved_on=data["approved_on"],
                scan=data["scan"],
                applications=list(data["applications"]),
            )
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("Approval recorded: %(n)d unit(s) established.") % {"n": approval.units.count()},
            )
            return redirect("candidate_lists:inspect", pk)
    blockers = [
        (a, approval_problems(application=a))
        for a in candidate_list.applications.select_related("organisation")
    ]
    return render(
        request,
        "evaluations/admin/approve.html",
        {"candidate_list": candidate_list, "form": form, "blockers": blockers},
        status=400 if form.errors else 200,
    )


def approval_refuse_view(request, pk: int):
    """Records the municipal government's refusal of candidates of a
    publicised list, with the scan if any; the form states what follows
    (their procedure ends, which cannot be undone) and needs its tick."""
    candidate_list = _publicised_or_none(request, pk)
    if candidate_list is None:
        return redirect("candidate_lists:inspect", pk)
    form = RefusalForm(request.POST or None, request.FILES or None, candidate_list=candidate_list)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            refusal = application_refusal_record(
                candidate_list=candidate_list,
                user=request.user,
                document_number=data["document_number"],
                refused_on=data["refused_on"],
                reason=data["reason"],
                applications=list(data["applications"]),
                scan=data["scan"],
            )
        except Refused as problems:
            for problem in problems.problems:
                form.add_error(None, problem)
        else:
            messages.success(
                request,
                _("Refusal recorded: %(n)d candidate(s) rejected.")
                % {"n": refusal.applications.count()},
            )
            return redirect("candidate_lists:inspect", pk)
    return render(
        request,
        "evaluations/admin/refuse.html",
        {"candidate_list": candidate_list, "form": form},
        status=400 if form.errors else 200,
    )


def approval_scan_view(request, pk: int):
    """Serves the scan of an approval to bureau staff only; logged."""
    _staff_or_403(request)
    approval = get_object_or_404(Approval, pk=pk)
    return private_file_download(
        request=request,
        about=approval,
        field_file=approval.scan,
        what="approval_scan",
        filename=approval.scan_name,
        inline=True,
    )


def refusal_scan_view(request, pk: int):
    """Serves the scan of a refusal to bureau staff only, logged as the
    approval's is; anyone else, and a refusal without a scan, gets 404."""
    if not may(request.user, BUREAU):
        # Not even whether the refusal exists is told.
        raise Http404
    refusal = get_object_or_404(GovernmentRefusal.objects.exclude(scan=""), pk=pk)
    return private_file_download(
        request=request,
        about=refusal,
        field_file=refusal.scan,
        what="refusal_scan",
        filename=refusal.scan_name,
        inline=True,
    )
