"""Numbers that must have no gaps: receipt numbers of applications and
certificate numbers of established units."""

from django.db import IntegrityError, transaction

from ..models import ReceiptCounter

RECEIPT_KINDS = {"base": "JD", "reserve": "BH"}


@transaction.atomic
def counter_next(*, code: str, year: int) -> int:
    """Returns the next number of the counter ``code`` in ``year``: unique
    and without gaps, also when two callers ask at once (the counter row is
    locked until the caller's transaction ends, so call this inside it)."""
    counter = ReceiptCounter.objects.select_for_update().filter(kind=code, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = ReceiptCounter.objects.create(kind=code, year=year, last=0)
        except IntegrityError:
            # Another caller created the year's counter first.
            counter = ReceiptCounter.objects.select_for_update().get(kind=code, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def receipt_number_next(*, kind: str, year: int) -> str:
    """Returns the next receipt number for ``kind`` (base or reserve) in
    ``year``, e.g. JDZ-JD-2026-0007 (see counter_next)."""
    code = RECEIPT_KINDS[kind]
    return f"JDZ-{code}-{year}-{counter_next(code=code, year=year):04d}"
