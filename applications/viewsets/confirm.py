"""The confirmation step of the staff screens' actions that cannot be
undone: the first POST of such an action answers a page that states the
consequence and re-posts the same fields with ``confirmed`` (works without
JavaScript); only the confirmed POST acts."""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from ..forms.publicity import MAX_TEXT

# Fields never carried over to the confirmation page's form.
NOT_CARRIED = frozenset({"csrfmiddlewaretoken", "confirmed"})


class ConfirmationForm(forms.Form):
    """The confirmation: the flag, and the reason when the action needs one
    (asked again on the confirmation page, filled with what was written)."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=True,
    )

    def __init__(self, *args, reason_needed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not reason_needed:
            del self.fields["reason"]


def is_confirmed(request) -> bool:
    """Whether the POST is the confirmed second step."""
    form = ConfirmationForm(request.POST, reason_needed=False)
    return form.is_valid() and form.cleaned_data["confirmed"]


def confirmation_response(
    request,
    *,
    title,
    consequence,
    button,
    cancel_url: str,
    reason_needed: bool = False,
    subject=None,
):
    """Returns the page that asks to confirm the POSTed action: it states
    the ``consequence``, asks for the reason when ``reason_needed`` (filled
    with the one written) and re-posts every other field with
    ``confirmed``. Files are not carried: actions with files never ask."""
    carried = {"reason"} if reason_needed else set()
    hidden = [
        (name, value)
        for name in request.POST
        if name not in NOT_CARRIED | carried
        for value in request.POST.getlist(name)
    ]
    form = ConfirmationForm(
        initial={"confirmed": True, "reason": request.POST.get("reason", "")},
        reason_needed=reason_needed,
    )
    return TemplateResponse(
        request,
        "applications/admin/confirm.html",
        {
            "title": title,
            "subject": subject,
            "consequence": consequence,
            "button": button,
            "cancel_url": cancel_url,
            "hidden": hidden,
            "form": form,
            "post_url": request.path,
        },
    )
