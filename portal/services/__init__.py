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
from .search import (
    search_entries_rebuild,
    search_entries_update_below,
    search_entry_remove,
    search_entry_update,
)

__all__ = [
    "CalendarInputError",
    "calendar_days_validate",
    "calendar_sync",
    "calendar_text_parse",
    "calendar_year_save",
    "demo_seed",
    "search_entries_rebuild",
    "search_entries_update_below",
    "search_entry_remove",
    "search_entry_update",
    "working_day_period_create",
    "working_day_periods_recompute",
]
