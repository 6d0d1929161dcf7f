"""Models of the core: the working-day calendar and stored periods, the
in-portal inbox and the email outbox. Their app label is ``portal``."""

from .calendar import CalendarYear, CalendarYearStatus
from .messages import InboxMessage, OutboxEmail
from .periods import FirstDayRule, WorkingDayPeriod

__all__ = [
    "CalendarYear",
    "CalendarYearStatus",
    "FirstDayRule",
    "InboxMessage",
    "OutboxEmail",
    "WorkingDayPeriod",
]
