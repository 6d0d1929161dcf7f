"""Models of the core: the working-day calendar and stored periods, the
in-portal inbox, the email outbox and the task outbox. Their app label is
``portal``."""

from .calendar import CalendarYear, CalendarYearStatus
from .messages import InboxMessage, OutboxEmail
from .periods import FirstDayRule, WorkingDayPeriod
from .tasks import QueuedTask

__all__ = [
    "CalendarYear",
    "CalendarYearStatus",
    "FirstDayRule",
    "InboxMessage",
    "OutboxEmail",
    "QueuedTask",
    "WorkingDayPeriod",
]
