"""Writes of the project package, split by concern and re-exported here."""

from .calendar import (
    CalendarInputError,
    calendar_days_validate,
    calendar_sync,
    calendar_text_parse,
    calendar_year_save,
)
from .demo import demo_seed
from .periods import working_day_period_create, working_day_periods_recompute

__all__ = [
    "CalendarInputError",
    "calendar_days_validate",
    "calendar_sync",
    "calendar_text_parse",
    "calendar_year_save",
    "demo_seed",
    "working_day_period_create",
    "working_day_periods_recompute",
]
