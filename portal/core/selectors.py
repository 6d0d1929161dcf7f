"""Reads of the project package: the working-day calendar and windows."""

import bisect
import datetime
import threading
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone

from .holidays import statutory_holidays
from .models import CalendarYear, FirstDayRule
from .workdays import Window, WorkdayCalendar, YearDays

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


def publicity_rules() -> Callable[[datetime.date], tuple[int, str]]:
    """Returns a function giving, for a date, (working days, first-day rule)
    of the publicity period under the version of the measures in force that
    day; 20 days from the publication day when no version applies. One
    query, however many dates are asked."""
    from cms.models import DEFAULT_PUBLICITY_WORKING_DAYS, MeasurePage

    versions = list(
        MeasurePage.objects.live()
        .order_by("effective_date", "pk")
        .values_list("effective_date", "publicity_working_days", "publicity_first_day")
    )
    effective = [v[0] for v in versions]

    def rule_on(day: datetime.date) -> tuple[int, str]:
        index = bisect.bisect_right(effective, day)
        if index == 0:
            return DEFAULT_PUBLICITY_WORKING_DAYS, FirstDayRule.SAME_DAY
        return versions[index - 1][1], versions[index - 1][2]

    return rule_on


def publicity_rule(*, on: datetime.date) -> tuple[int, str]:
    """Returns (working days, first-day rule) of the publicity period under
    the measures in force on ``on`` (see publicity_rules)."""
    return publicity_rules()(on)


def publicity_window(
    *,
    published: datetime.date,
    working_days: int | None = None,
    rule: str | None = None,
    rules: Callable[[datetime.date], tuple[int, str]] | None = None,
) -> Window:
    """Returns the publicity window for a notice published on ``published``,
    under the measures in force that day unless ``working_days`` or
    ``rule`` say otherwise (``rules``: a publicity_rules() result to reuse)."""
    if working_days is None or rule is None:
        default_days, default_rule = (rules or publicity_rules())(published)
        working_days = working_days or default_days
        rule = rule or default_rule
    return workday_calendar().window(published, working_days, rule)
