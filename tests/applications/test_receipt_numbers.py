"""Receipt numbers are unique and without gaps, also under concurrency."""

import pytest

from applications.models import ReceiptCounter
from applications.services.numbering import receipt_number_next
from tests.helpers import run_at_once


@pytest.mark.django_db
def test_numbers_count_per_year_and_kind():
    assert receipt_number_next(kind="base", year=2026) == "JDZ-JD-2026-0001"
    assert receipt_number_next(kind="base", year=2026) == "JDZ-JD-2026-0002"
    assert receipt_number_next(kind="reserve", year=2026) == "JDZ-BH-2026-0001"
    assert receipt_number_next(kind="base", year=2027) == "JDZ-JD-2027-0001"


def test_concurrent_submissions_get_distinct_consecutive_numbers(committed_db):
    """Eight threads, each in its own transaction on its own connection, ask at
    the same moment (a barrier); the counter's row lock makes the others wait.
    CI runs this on PostgreSQL; on SQLite the IMMEDIATE transaction mode of
    the settings serialises the writers instead."""
    outcomes = run_at_once(*[lambda: receipt_number_next(kind="base", year=2031)] * 8)
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    numbers = [o for o in outcomes if isinstance(o, str)]
    assert errors == []
    assert sorted(numbers) == [f"JDZ-JD-2031-{n:04d}" for n in range(1, 9)]
    assert ReceiptCounter.objects.get(kind="JD", year=2031).last == 8
