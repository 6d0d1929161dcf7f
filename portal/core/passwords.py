"""Password rules beyond Django's own (等保 2.0: at least three kinds of
character)."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = (
    string.ascii_uppercase,
    string.ascii_lowercase,
    string.digits,
)


def character_kinds(password: str) -> int:
    """Returns how many kinds of character the password uses: capitals,
    small letters, digits, and anything else."""
    used = sum(any(c in kind for c in password) for kind in KINDS)
    other = any(not any(c in kind for kind in KINDS) for c in password)
    return used + other


class CharacterKindsValidator:
    """Requires ``min_kinds`` kinds of character among capitals, small
    letters, digits and symbols."""

    def __init__(self, min_kinds: int = 3):
        self.min_kinds = min_kinds

    def validate(self, password: str, user=None) -> None:
        if character_kinds(password) < self.min_kinds:
            raise ValidationError(self.get_help_text(), code="password_character_kinds")

    def get_help_text(self) -> str:
        return _(
            "The password must mix at least %(kinds)d of: capital letters, small letters, "
            "digits and symbols."
        ) % {"kinds": self.min_kinds}
