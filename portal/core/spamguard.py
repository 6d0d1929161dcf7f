"""A spam guard for public forms that needs no outside service: a field
people never see (bots fill it in) and the signed time the form was shown
(bots post at once, or replay an old form). Each signed time is accepted
once: a bot cannot post the same form again and again."""

import hashlib
import secrets
import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from .errors import form_problems

SHOWN_SALT = "portal.form.shown"
MIN_SECONDS = 3  # a person takes longer than this to fill a form in
MAX_SECONDS = 6 * 3600
USED_PREFIX = "spamguard:used:"


def shown_token(*, age: float = 0.0) -> str:
    """Returns the signed time a form is shown, ``age`` seconds ago, with a
    nonce: two forms shown in the same instant get different tokens."""
    return signing.dumps({"at": time.time() - age, "nonce": secrets.token_hex(8)}, salt=SHOWN_SALT)


def _shown_at(token: str) -> float | None:
    try:
        payload = signing.loads(token, salt=SHOWN_SALT)
        return float(payload["at"])
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None


def looks_automated(data) -> bool:
    """Returns True if a posted form filled the trap field ("website"), or
    came back sooner than a person could fill it, or much later, or without
    a valid signed time ("shown"). Does not spend the token."""
    if data.get("website"):
        return True
    shown = _shown_at(data.get("shown", ""))
    return shown is None or not MIN_SECONDS <= time.time() - shown <= MAX_SECONDS


def shown_token_spend(token: str) -> bool:
    """Marks a valid ``token`` as used and returns True, or returns False if
    it was used before. The mark lasts as long as the token could still be
    accepted, so the cache forgets it only once it has expired anyway."""
    shown = _shown_at(token)
    if shown is None:
        return False
    remaining = max(1, int(shown + MAX_SECONDS - time.time()) + 1)
    digest = hashlib.sha256(token.encode()).hexdigest()
    return cache.add(USED_PREFIX + digest, 1, timeout=remaining)


def contact_key(data) -> str:
    """Returns a hash of the contact a public form gives (email, else the
    phone's digits), for rate limits that never store the contact."""
    contact = (data.get("email") or "").strip().lower() or "".join(
        c for c in data.get("phone", "") if c.isdigit()
    )
    return hashlib.sha256(contact.encode()).hexdigest()


class GuardedForm(forms.Form):
    """A public form with the spam guard: ``website`` is the trap, ``shown``
    the signed time the form was shown. A form that looks automated, or
    whose signed time was posted before, is refused with the same non-field
    error; the page carries what was typed back, with a new signed time."""

    # Out of sight and out of the tab order: only a bot fills it in.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if looks_automated(self.data) or not shown_token_spend(self.data.get("shown", "")):
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
