"""Writes of the applications app."""

from django.db import IntegrityError, transaction

from .models import ReceiptCounter

RECEIPT_KINDS = {"base": "JD", "reserve": "BH"}


@transaction.atomic
def receipt_number_next(*, kind: str, year: int) -> str:
    """Returns the next receipt number for ``kind`` (base or reserve) in
    ``year``, e.g. JDZ-JD-2026-0007: unique and without gaps, also when two
    submissions arrive at once (the counter row is locked until the
    caller's transaction ends, so call this inside the submission's)."""
    code = RECEIPT_KINDS[kind]
    counter = ReceiptCounter.objects.select_for_update().filter(kind=code, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = ReceiptCounter.objects.create(kind=code, year=year, last=0)
        except IntegrityError:
            # Another submission created the year's counter first.
            counter = ReceiptCounter.objects.select_for_update().get(kind=code, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"JDZ-{code}-{year}-{counter.last:04d}"
