"""A spam guard for public forms that needs no outside service: a field
people never see (bots fill it in) and the signed time the form was shown
(bots post at once, or replay an old form)."""

import hashlib
import time

from django.core import signing

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
