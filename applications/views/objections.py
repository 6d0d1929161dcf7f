"""The bureau's screens of objections (异议处理), in the Wagtail admin:
examining and deciding an objection, and its attachments. Staff only;
every file download is logged."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.errors import Refused
from portal.core.headers import private_file_download

from ..forms import ObjectionDecisionForm
from ..models import Objection, ObjectionAttachment
from ..roles import BUREAU, require
from ..services.objections import objection_decide, objection_examine
from ..viewsets.confirm import confirmation_response, is_confirmed


@require_POST
def objection_decide_view(request, pk: int):
    """Examines, upholds or dismisses an objection."""
    require(request.user, BUREAU)
    objection = get_object_or_404(Objection, pk=pk)
    form = ObjectionDecisionForm(request.POST)
    if not form.is_valid():
        raise Http404
    action = form.cleaned_data["action"]
    if action != ObjectionDecisionForm.EXAMINE and not is_confirmed(request):
        upheld = action == ObjectionDecisionForm.UPHOLD
        return confirmation_response(
            request,
            title=_("Uphold the objection") if upheld else _("Dismiss the objection"),
            subject=objection.receipt_code,
            consequence=(
                _(
                    "The candidate is removed from the candidate list and its application ends; "
                    "the objector is sent your written reason."
                )
                if upheld
                else _("The objection is closed and the objector is sent your written reason.")
            ),
            button=_("Uphold: remove the candidate from the list") if upheld else _("Dismiss"),
            cancel_url=reverse("objections:inspect", args=[pk]),
            reason_needed=True,
        )
    try:
        if action == ObjectionDecisionForm.EXAMINE:
            objection_examine(objection=objection, user=request.user)
        else:
            objection_decide(
                objection=objection,
                user=request.user,
                upheld=action == ObjectionDecisionForm.UPHOLD,
                reason=form.cleaned_data["reason"],
            )
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Recorded."))
    return redirect("objections:inspect", pk)


def objection_attachment_view(request, pk: int, attachment_pk: int):
    """Serves an objection's attachment to bureau staff only; logged."""
    require(request.user, BUREAU)
    attachment = get_object_or_404(ObjectionAttachment, pk=attachment_pk, objection_id=pk)
    return private_file_download(
        request=request,
        about=attachment.objection,
        field_file=attachment.file,
        what="objection_attachment",
        filename=attachment.original_name,
        inline=request.GET.get("inline") == "1",
    )
