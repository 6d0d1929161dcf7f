"""统一社会信用代码 (unified social credit code), GB 32100-2015.

Eighteen characters: the registering authority (1), the kind of entity (1),
the administrative division (6 digits), the organisation code of GB 11714
(9) and a check character computed over the first seventeen.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The code's alphabet: digits and capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
SHAPE = re.compile(rf"^[1-9A-HJ-NP-RTUWXY][1-9A-HJ-NP-RTUWXY0]\d{{6}}[{ALPHABET}]{{10}}$")


def uscc_check_character(first17: str) -> str:
    """Returns the check character for the first seventeen characters."""
    total = sum(
        ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def uscc_normalise(value: str) -> str:
    """Returns the code without spaces, in capitals."""
    return re.sub(r"\s", "", value or "").upper()


def validate_uscc(value: str) -> None:
    """Raises ValidationError, saying why, unless ``value`` is a well-formed
    统一社会信用代码 whose check character is right."""
    code = uscc_normalise(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d.")
            % {"count": len(code)},
            code="uscc_length",
        )
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        raise ValidationError(
            _(
                "“%(chars)s” cannot appear in a unified social credit code (the letters I, O, S, "
                "V and Z are never used)."
            )
            % {"chars": "".join(bad)},
            code="uscc_alphabet",
        )
    if not SHAPE.match(code):
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are the 6-digit division code."),
            code="uscc_shape",
        )
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character (the last one) should be %(expected)s, not %(found)s: please "
                "check the code against the business licence."
            )
            % {"expected": expected, "found": code[17]},
            code="uscc_check",
        )
