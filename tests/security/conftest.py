"""Fixtures of the abuse tests: a publicity list whose objection window is
open now, and forms as a person fills them in."""

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.core.spamguard import shown_token

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)  # a window from 2025-09-22 to 2025-10-23
# Distinct, valid mobile numbers: each objection from another contact.
_PHONES = (f"139{n:08d}" for n in itertools.count(1))


@pytest.fixture
def open_window(publicise):
    """(candidates, page): a list under publicity, the clock in its window."""
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=True):
        candidates, page, _reviewer = publicise(MONDAY)
        yield candidates, page


def objection_data(candidates, **fields) -> dict:
    """An objection as a person sends it: a fresh signed display time and,
    unless given, a contact of its own."""
    return {
        "candidate": candidates.applications.order_by("receipt_number").first().pk,
        "name": "李四",
        "phone": next(_PHONES),
        "email": "",
        "grounds": "该单位近三年并未开展传承活动，申报材料与事实不符。",
        "website": "",
        "shown": shown_token(age=60),
    } | fields
