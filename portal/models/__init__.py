"""Models of the project package, split by concern and re-exported here."""

from .calendar import CalendarYear, CalendarYearStatus
from .messages import InboxMessage, OutboxEmail
from .periods import FirstDayRule, WorkingDayPeriod
from .search import SearchEntry

__all__ = [
    "CalendarYear",
    "CalendarYearStatus",
    "FirstDayRule",
    "InboxMessage",
    "OutboxEmail",
    "SearchEntry",
    "WorkingDayPeriod",
]
