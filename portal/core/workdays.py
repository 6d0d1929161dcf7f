"""Working-day arithmetic on the State Council's calendar.

``WorkdayCalendar`` precomputes, for every day of the years it covers, how
many working days come before it and the ordinal of every working day, so
each question is answered with a few list look-ups: no loop over days.
Build one with ``portal.selectors.workday_calendar()``.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .models.periods import FirstDayRule

SHANGHAI = ZoneInfo("Asia/Shanghai")


class CalendarRangeError(ValueError):
    """A date outside the years the calendar covers."""


@dataclass(frozen=True)
class YearDays:
    """What the calendar knows of one year."""

    holidays: frozenset[datetime.date]
    makeup_workdays: frozenset[datetime.date]
    provisional: bool


class Window(NamedTuple):
    """A period of working days: its first and last day, and whether a
    provisional year was used to compute it."""

    published: datetime.date
    start: datetime.date
    end: datetime.date
    working_days: int
    provisional: bool

    @property
    def closes_at(self) -> datetime.datetime:
        """Returns 24:00 Asia/Shanghai of the last day (00:00 of the next)."""
        return datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time(), tzinfo=SHANGHAI
        )

    def as_dict(self) -> dict:
        return {
            "published": self.published.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "working_days": self.working_days,
            "provisional": self.provisional,
        }


class WorkdayCalendar:
    """Answers working-day questions for the years in ``years`` (which must
    be consecutive)."""

    def __init__(self, years: Mapping[int, YearDays]):
        if not years:
            raise ValueError("a calendar needs at least one year")
        self.first_year = min(years)
        self.last_year = max(years)
        if set(years) != set(range(self.first_year, self.last_year + 1)):
            raise ValueError("calendar years must be consecutive")
        self.provisional_years = frozenset(y for y, d in years.items() if d.provisional)
        self._base = datetime.date(self.first_year, 1, 1).toordinal()
        end = datetime.date(self.last_year, 12, 31).toordinal()
        holidays = set().union(*(d.holidays for d in years.values()))
        makeup = set().union(*(d.makeup_workdays for d in years.values()))
        # cumulative[i]: working days before day i; working[k]: ordinal of
        # the k-th working day (0-based).
        cumulative = [0]
        working: list[int] = []
        for ordinal in range(self._base, end + 1):
            day = datetime.date.fromordinal(ordinal)
            if day in makeup or (day.weekday() < 5 and day not in holidays):
                working.append(ordinal)
            cumulative.append(len(working))
        self._cumulative = cumulative
        self._working = working
        self._end = end

    def _index(self, day: datetime.date) -> int:
        index = day.toordinal() - self._base
        if index < 0 or day.toordinal() > self._end:
            raise CalendarRangeError(
                f"{day.isoformat()} is outside the calendar "
                f"({self.first_year}-01-01 to {self.last_year}-12-31)"
            )
        return index

    def is_working_day(self, day: datetime.date) -> bool:
        """Returns True if ``day`` is a working day."""
        index = self._index(day)
        return self._cumulative[index + 1] != self._cumulative[index]

    def nth_working_day(self, day: datetime.date, n: int) -> datetime.date:
        """Returns the n-th working day counting from ``day`` (``day`` itself
        is the first when it is a working day). n ≥ 1."""
        if n < 1:
            raise ValueError("n must be 1 or more")
        k = self._cumulative[self._index(day)] + n - 1
        if k >= len(self._working):
            raise CalendarRangeError(
                f"the {n}th working day from {day.isoformat()} is after {self.last_year}-12-31"
            )
        return datetime.date.fromordinal(self._working[k])

    def working_days_between(self, first: datetime.date, last: datetime.date) -> int:
        """Returns how many working days there are from ``first`` to
        ``last``, both included (0 when last is before first)."""
        if last < first:
            return 0
        return self._cumulative[self._index(last) + 1] - self._cumulative[self._index(first)]

    def is_provisional(self, first: datetime.date, last: datetime.date) -> bool:
        """Returns True if any year from ``first`` to ``last`` is provisional."""
        if not self.provisional_years:
            return False
        return any(y in self.provisional_years for y in range(first.year, last.year + 1))

    def window(
        self,
        published: datetime.date,
        working_days: int = 20,
        rule: str = FirstDayRule.SAME_DAY,
    ) -> Window:
        """Returns the window of ``working_days`` working days for a notice
        published on ``published``: it starts on the publication day if that
        is a working day (or, with the next-day rule, on the day after), else
        on the next working day, and ends at 24:00 of its last working day."""
        if working_days < 1:
            raise ValueError("a window has at least one working day")
        anchor = published if rule == FirstDayRule.SAME_DAY else published + _ONE_DAY
        index = self._index(anchor)
        k = self._cumulative[index]
        working = self._working
        if k + working_days - 1 >= len(working):
            raise CalendarRangeError(
                f"a window of {working_days} working days from {published.isoformat()} "
                f"runs past {self.last_year}-12-31"
            )
        start = datetime.date.fromordinal(working[k])
        end = datetime.date.fromordinal(working[k + working_days - 1])
        provisional = bool(self.provisional_years) and self.is_provisional(anchor, end)
        return Window(published, start, end, working_days, provisional)

    def windows(
        self,
        dates: Iterable[datetime.date],
        working_days: int = 20,
        rule: str = FirstDayRule.SAME_DAY,
    ) -> list[Window]:
        """Returns the window for each date."""
        return [self.window(d, working_days, rule) for d in dates]


_ONE_DAY = datetime.timedelta(days=1)
