"""Writes of the core, split by concern and re-exported here."""

from .calendar import (
    CalendarInputError,
    calendar_days_validate,
    calendar_sync,
    calendar_text_parse,
    calendar_year_save,
)
from .files import orphan_files_sweep, upload_temp_files_sweep
from .periods import working_day_period_create, working_day_periods_recompute

__all__ = [
    "CalendarInputError",
    "calendar_days_validate",
    "calendar_sync",
    "calendar_text_parse",
    "calendar_year_save",
    "orphan_files_sweep",
    "upload_temp_files_sweep",
    "working_day_period_create",
    "working_day_periods_recompute",
]
