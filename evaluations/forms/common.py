"""What the forms of the units app share: the longest text a person types
into a field whose column has no limit, the date widget, and reading
numbers, lines and problems out of what was posted."""

from decimal import Decimal, InvalidOperation

from django import forms

# A note, a reason, a summary or a comment: the columns are TextFields,
# this is what a person writes at most.
MAX_TEXT = 5000

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def decimal_or_none(value: str) -> Decimal | None:
    """Returns ``value`` as a Decimal, or None when it is not a number."""
    try:
        return Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None


def lines(text: str) -> list[str]:
    """Returns the non-blank lines of ``text``, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
