"""Reads of the core: the working-day calendar, windows and stored periods."""

import datetime
import threading
import time
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from .dates import SHANGHAI
from .holidays import statutory_holidays
from .models import CalendarYear, InboxMessage
from .workdays import WorkdayCalendar, YearDays

# Years after the last known one (or this one) computed provisionally.
PROVISIONAL_YEARS_AHEAD = 3
CALENDAR_VERSION_KEY = "portal:workdays:version"
# How often a process asks the shared cache whether another process changed
# the calendar. Writes in this process take effect at once.
VERSION_CHECK_SECONDS = 1.0

_lock = threading.Lock()
_state: dict = {"calendar": None, "version": None, "checked": 0.0}


def calendar_years(*, today: datetime.date | None = None) -> dict[int, YearDays]:
    """Returns what is known of every year from the first stored one to three
    years past the last stored one (or this year): stored years as entered,
    the others computed from the statutory holidays and marked provisional."""
    today = today or timezone.localdate()
    rows = {row.year: row for row in CalendarYear.objects.all()}
    first = min(rows, default=today.year)
    last = max(max(rows, default=today.year), today.year) + PROVISIONAL_YEARS_AHEAD
    years = {}
    for year in range(first, last + 1):
        row = rows.get(year)
        if row is None:
            years[year] = YearDays(frozenset(statutory_holidays(year)), frozenset(), True)
        else:
            years[year] = YearDays(
                frozenset(row.holiday_dates()), frozenset(row.makeup_dates()), row.is_provisional
            )
    return years


def workday_calendar() -> WorkdayCalendar:
    """Returns the working-day calendar, built once and rebuilt when any
    process has changed a calendar year (see workday_calendar_invalidate)."""
    now = time.monotonic()
    calendar = _state["calendar"]
    if calendar is not None and now - _state["checked"] < VERSION_CHECK_SECONDS:
        return calendar
    with _lock:
        version = cache.get(CALENDAR_VERSION_KEY)
        if version is None:
            cache.add(CALENDAR_VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(CALENDAR_VERSION_KEY)
        if _state["calendar"] is None or version != _state["version"]:
            _state["calendar"] = WorkdayCalendar(calendar_years())
            _state["version"] = version
        _state["checked"] = now
        return _state["calendar"]


def workday_calendar_invalidate() -> None:
    """Makes every process rebuild its calendar on next use."""
    cache.set(CALENDAR_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    with _lock:
        _state["calendar"] = None


@dataclass(frozen=True)
class PeriodStatus:
    """Where a stored working-day period (a publicity window, a comment
    period) stands at ``now``: "pending" (not yet open), "open" or
    "closed", with its dates and, while open, the working days left (today
    included when it is one)."""

    state: str
    start: datetime.date
    end: datetime.date
    provisional: bool
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    working_days_left: int | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def period_status(*, period, now: datetime.datetime | None = None) -> PeriodStatus:
    """Returns where a stored working-day period (a publicity window, a
    public comment period) stands at ``now``: it opens at 00:00 of its
    first day and closes at 24:00 of its last, Asia/Shanghai, to the
    second; closed from then on whether or not Celery beat has recorded
    the closing yet."""
    now = now or timezone.now()
    opens_at = datetime.datetime.combine(period.start_date, datetime.time(), tzinfo=SHANGHAI)
    closes_at = datetime.datetime.combine(
        period.end_date + datetime.timedelta(days=1), datetime.time(), tzinfo=SHANGHAI
    )
    left = None
    if period.closed_at is not None or now >= closes_at:
        state = "closed"
    elif now < opens_at:
        state = "pending"
    else:
        state = "open"
        today = now.astimezone(SHANGHAI).date()
        left = workday_calendar().working_days_between(today, period.end_date)
    return PeriodStatus(
        state=state,
        start=period.start_date,
        end=period.end_date,
        provisional=period.provisional,
        opens_at=opens_at,
        closes_at=closes_at,
        working_days_left=left,
    )


def inbox_for_user(*, user):
    """Returns ``user``'s messages, newest first."""
    return InboxMessage.objects.filter(recipient=user).order_by("-created_at", "-pk")


def inbox_unread_count(*, user) -> int:
    """Returns how many of ``user``'s messages are unread (one query)."""
    return InboxMessage.objects.filter(recipient=user, read_at__isnull=True).count()
