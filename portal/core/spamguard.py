"""A spam guard for public forms that needs no outside service: a field
people never see (bots fill it in) and the signed time the form was shown
(bots post at once, or replay an old form)."""

import hashlib
import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .errors import form_problems

SHOWN_SALT = "portal.form.shown"
MIN_SECONDS = 3  # a person takes longer than this to fill a form in
MAX_SECONDS = 6 * 3600


def shown_token(*, age: float = 0.0) -> str:
    """Returns the signed time a form is shown, ``age`` seconds ago."""
    return signing.dumps(str(time.time() - age), salt=SHOWN_SALT)


def looks_automated(data) -> bool:
    """Returns True if a posted form filled the trap field ("website"), or
    came back sooner than a person could fill it, or much later, or without
    a valid signed time ("shown")."""
    if data.get("website"):
        return True
    try:
        shown = float(signing.loads(data.get("shown", ""), salt=SHOWN_SALT))
    except (signing.BadSignature, ValueError):
        return True
    return not MIN_SECONDS <= time.time() - shown <= MAX_SECONDS


def contact_key(data) -> str:
    """Returns a hash of the contact a public form gives (email, else the
    phone's digits), for rate limits that never store the contact."""
    contact = (data.get("email") or "").strip().lower() or "".join(
        c for c in data.get("phone", "") if c.isdigit()
    )
    return hashlib.sha256(contact.encode()).hexdigest()


class GuardedForm(forms.Form):
    """A public form with the spam guard: ``website`` is the trap, ``shown``
    the signed time the form was shown. A form that looks automated is
    refused with a non-field error; the page carries what was typed back."""

    # Out of sight and out of the tab order: only a bot fills it in.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if looks_automated(self.data):
            raise forms.ValidationError(
                _("The form could not be accepted. Please wait a moment and submit it again."),
                code="automated",
            )
        return cleaned

    def contact_key(self) -> str:
        """The hashed contact typed (see contact_key), for rate limits that
        count every attempt, valid or not."""
        return contact_key(self.data)

    def problems(self) -> list[str]:
        """Every error of the form, in words (the spam guard's first)."""
        return form_problems(self)
