"""The bureau's screen that publishes a candidate list for publicity
(公示, 第十二条), in the Wagtail admin: the notice's text and contact, and
the publication day from which the window is computed. The public site's
page follows from the domain's announcement (cms.receivers)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import CandidateList
from applications.roles import BUREAU, require
from applications.selectors import publicity_status, rules_on
from applications.services.publicity import candidate_list_publish
from applications.viewsets.confirm import confirmation_response, is_confirmed
from portal.core.errors import Refused

from ..forms import PublishForm
from ..selectors import portal_settings


def _default_contact() -> str:
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
    require(request.user, BUREAU)
    candidate_list = get_object_or_404(CandidateList, pk=pk)
    if candidate_list.period_id:
        messages.error(request, _("This candidate list has already been published."))
        return redirect("candidate_lists:inspect", pk)
    # The default text names the period of the version in force today; the
    # window itself follows the version in force on the publication day.
    days = rules_on(day=timezone.localdate()).publicity_working_days
    form = PublishForm(
        request.POST or None,
        initial={
            "title": _("Publicity of %(title)s") % {"title": candidate_list.title},
            "published_on": timezone.localdate(),
            "body": format_html(
                "<p>{}</p>",
                ngettext(
                    "Under Article 12 of the measures, following material review, field "
                    "inspection, hearing of opinions and expert review, the candidates below are "
                    "publicised for %(days)d working day.",
                    "Under Article 12 of the measures, following material review, field "
                    "inspection, hearing of opinions and expert review, the candidates below are "
                    "publicised for %(days)d working days.",
                    days,
                )
                % {"days": days},
            ),
            "contact": _default_contact(),
        },
    )
    # The rich text editor is named by its field's label (for screen readers).
    body = form.fields["body"]
    if hasattr(body.widget, "options"):
        body.widget.options = {**body.widget.options, "ariaLabel": str(body.label)}
    if request.method == "POST" and form.is_valid() and not is_confirmed(request):
        return confirmation_response(
            request,
            title=_("Publish for publicity"),
            subject=candidate_list.title,
            consequence=_(
                "The public notice page is created with the window's dates, objections open "
                "and the notice PDF is generated. A published publicity cannot be withdrawn."
            ),
            button=_("Publish the publicity"),
            cancel_url=reverse("candidate_lists:inspect", args=[pk]),
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate_list = candidate_list_publish(
                candidate_list=candidate_list,
                user=request.user,
                title=data["title"],
                document_number=data["document_number"],
                body=data["body"],
                contact=data["contact"],
                published_on=data["published_on"],
            )
        except Refused as refused:
            form.add_error(None, str(refused))
        else:
            status = publicity_status(candidate_list=candidate_list)
            messages.success(
                request,
                _("Published. The window runs from %(start)s to %(end)s.")
                % {"start": status.start.isoformat(), "end": status.end.isoformat()},
            )
            return redirect("candidate_lists:inspect", pk)
    return render(
        request,
        "cms/admin/publish.html",
        {"candidate_list": candidate_list, "form": form},
        status=400 if form.errors else 200,
    )
