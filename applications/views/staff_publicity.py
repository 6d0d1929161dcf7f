"""Staff screens of the publicity step, in the Wagtail admin: publishing a
candidate list, deciding objections, recording the approval. Thin: each
POST calls one service; every screen and file is for bureau staff only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.rich_text import get_rich_text_editor_widget
from wagtail.log_actions import log

from ..models import CandidateList, Objection, ObjectionAttachment
from ..selectors import publicity_candidates, publicity_status, staff_may_view
from ..services import ApplicationError
from ..services.publicity import (
    candidate_list_publish,
    objection_decide,
    objection_examine,
)


def _staff_or_403(request) -> None:
    if not staff_may_view(user=request.user):
        raise PermissionDenied


class PublishForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the notice"), max_length=255)
    document_number = forms.CharField(
        label=gettext_lazy("Document number"), max_length=64, required=False
    )
    published_on = forms.DateField(
        label=gettext_lazy("Publication date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "The window is computed from this date on the working-day calendar."
        ),
    )
    body = forms.CharField(label=gettext_lazy("Notice text"), widget=get_rich_text_editor_widget())
    contact = forms.CharField(
        label=gettext_lazy("How to object and whom to contact"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _default_contact() -> str:
    from cms.selectors import portal_settings

    settings = portal_settings()
    lines = [settings.bureau_name]
    if settings.bureau_address:
        lines.append(_("Address: %(address)s") % {"address": settings.bureau_address})
    if settings.bureau_phone:
        lines.append(_("Telephone: %(phone)s") % {"phone": settings.bureau_phone})
    if settings.bureau_email:
        lines.append(_("Email: %(email)s") % {"email": settings.bureau_email})
    return "\n".join(lines)


def candidate_list_publish_view(request, pk: int):
    """Publishes a candidate list for publicity (one step: window, page,
    PDF queued)."""
    _staff_or_403(request)
    candidate_list = get_object_or_404(CandidateList, pk=pk)
    if candidate_list.period_id:
        messages.error(request, _("This candidate list has already been published."))
        return redirect("candidate_lists:inspect", pk)
    form = PublishForm(
        request.POST or None,
        initial={
            "title": _("Publicity of %(title)s") % {"title": candidate_list.title},
            "published_on": timezone.localdate(),
            "body": format_html(
                "<p>{}</p>",
                _(
                    "Under Article 12 of the measures, following material review, field "
                    "inspection, hearing of opinions and expert review, the candidates below are "
                    "publicised for twenty working days."
                ),
            ),
            "contact": _default_contact(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            page = candidate_list_publish(
                candidate_list=candidate_list,
                user=request.user,
                title=data["title"],
                document_number=data["document_number"],
                body=data["body"],
                contact=data["contact"],
                published_on=data["published_on"],
            )
        except ApplicationError as refused:
            form.add_error(None, str(refused))
        else:
            status = publicity_status(candidate_list=page.candidate_list)
            messages.success(
                request,
                _("Published. The window runs from %(start)s to %(end)s.")
                % {"start": status.start.isoformat(), "end": status.end.isoformat()},
            )
            return redirect("candidate_lists:inspect", pk)
    return render(
        request,
        "applications/admin/publish.html",
        {"candidate_list": candidate_list, "form": form},
        status=400 if form.errors else 200,
    )


def candidate_list_context(candidate_list: CandidateList) -> dict:
    """Returns what the candidate list's staff page shows besides its
    fields: the publicity state, the candidates, objections, approvals."""
    return {
        "status": publicity_status(candidate_list=candidate_list),
        "candidates": publicity_candidates(candidate_list=candidate_list),
        "objections": candidate_list.objections.select_related("application__organisation"),
        "approvals": candidate_list.approvals.prefetch_related("units"),
        "page": getattr(candidate_list, "page", None),
    }


def objection_decide_view(request, pk: int):
    """Examines, upholds or dismisses an objection (POST only)."""
    _staff_or_403(request)
    if request.method != "POST":
        raise Http404
    objection = get_object_or_404(Objection, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "examine":
            objection_examine(objection=objection, user=request.user)
        elif action in ("uphold", "dismiss"):
            objection_decide(
                objection=objection,
                user=request.user,
                upheld=action == "uphold",
                reason=request.POST.get("reason", ""),
            )
        else:
            raise Http404
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Recorded."))
    return redirect("objections:inspect", pk)


def objection_attachment_view(request, pk: int, attachment_pk: int):
    """Serves an objection's attachment to bureau staff only; logged."""
    _staff_or_403(request)
    attachment = get_object_or_404(ObjectionAttachment, pk=attachment_pk, objection_id=pk)
    log(
        instance=attachment.objection,
        action="portal.file.download",
        user=request.user,
        data={"file": "objection_attachment", "name": attachment.original_name},
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=request.GET.get("inline") != "1",
        filename=attachment.original_name,
    )
