"""Writes to the working-day calendar."""

import datetime
import re

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..holidays import package_arrangements, package_version
from ..models import CalendarYear, CalendarYearStatus
from ..queue import task_queue_after_commit
from ..selectors import workday_calendar_invalidate

HOLIDAY_WORDS = {"holiday", "休", "假", "放假"}
WORKDAY_WORDS = {"workday", "班", "上班", "调休上班"}
_LINE_RE = re.compile(
    r"^(?P<date>\S+?)\s*[,，\t ]\s*(?P<kind>[^,，\t ]+)(?:\s*[,，\t ]\s*(?P<name>.*))?$"
)


class CalendarInputError(ValueError):
    """A calendar entry that cannot be accepted; the message says why (and
    on which line, for text input)."""


def calendar_text_parse(*, text: str, year: int) -> tuple[dict[str, str], dict[str, str]]:
    """Returns (holidays, make-up working days) read from text, one day a
    line: ``2025-10-01,休,国庆节`` or ``2025-09-28,班,国庆节调休`` (also
    ``holiday``/``workday``; commas, tabs or spaces between; ``#`` starts a
    comment; a CSV header line is skipped).

    Raises CalendarInputError naming the line of the first problem."""
    holidays: dict[str, str] = {}
    makeup: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.lower().replace(" ", "").startswith("date,"):
            continue
        match = _LINE_RE.match(line)
        if not match:
            raise CalendarInputError(
                _("line %(line)d: write “date,休 or 班,name”, e.g. “%(year)d-10-01,休,国庆节”")
                % {"line": number, "year": year}
            )
        try:
            day = datetime.date.fromisoformat(match["date"])
        except ValueError:
            raise CalendarInputError(
                _("line %(line)d: “%(value)s” is not a date (YYYY-MM-DD)")
                % {"line": number, "value": match["date"]}
            ) from None
        kind = match["kind"].lower()
        name = (match["name"] or "").strip()
        if kind in HOLIDAY_WORDS:
            holidays[day.isoformat()] = name
        elif kind in WORKDAY_WORDS:
            makeup[day.isoformat()] = name
        else:
            raise CalendarInputError(
                _("line %(line)d: “%(value)s” is neither 休 (holiday) nor 班 (working day)")
                % {"line": number, "value": match["kind"]}
            )
        if day.year != year:
            raise CalendarInputError(
                _("line %(line)d: %(date)s is not in %(year)d")
                % {"line": number, "date": day.isoformat(), "year": year}
            )
    return holidays, makeup


def calendar_days_validate(*, year: int, holidays: dict[str, str], makeup: dict[str, str]) -> None:
    """Raises CalendarInputError unless every date is in ``year``, no day is
    both a holiday and a working day, and make-up days fall on weekends."""
    for iso in [*holidays, *makeup]:
        try:
            day = datetime.date.fromisoformat(iso)
        except ValueError:
            raise CalendarInputError(_("“%(value)s” is not a date") % {"value": iso}) from None
        if day.year != year:
            raise CalendarInputError(_("%(date)s is not in %(year)d") % {"date": iso, "year": year})
    both = sorted(set(holidays) & set(makeup))
    if both:
        raise CalendarInputError(
            _("%(dates)s cannot be both a holiday and a make-up working day")
            % {"dates": "、".join(both)}
        )
    weekdays = sorted(d for d in makeup if datetime.date.fromisoformat(d).weekday() < 5)
    if weekdays:
        raise CalendarInputError(
            _("make-up working days fall on a Saturday or Sunday; %(dates)s is a weekday")
            % {"dates": "、".join(weekdays)}
        )


def _diff(old: dict[str, str], new: dict[str, str]) -> dict[str, list[str]]:
    return {"added": sorted(set(new) - set(old)), "removed": sorted(set(old) - set(new))}


@transaction.atomic
def calendar_year_save(
    *,
    year: int,
    holidays: dict[str, str],
    makeup_workdays: dict[str, str],
    status: str = CalendarYearStatus.OFFICIAL,
    source_number: str = "",
    source_date: datetime.date | None = None,
    source_note: str = "",
    user: AbstractBaseUser | None = None,
) -> CalendarYear:
    """Enters or changes a year's arrangement and returns it.

    Logs what changed (dates added and removed, status, source) and, once
    committed, makes every process rebuild its calendar and recomputes the
    stored periods that depend on the year. Saving what is already stored
    changes and logs nothing. Raises CalendarInputError for dates outside
    the year, a day both holiday and working day, or a make-up working day
    on a weekday."""
    if status not in CalendarYearStatus.values:
        raise CalendarInputError(_("unknown status %(status)s") % {"status": status})
    calendar_days_validate(year=year, holidays=holidays, makeup=makeup_workdays)
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    created = row is None
    row = row or CalendarYear(year=year)
    before = {
        "holidays": dict(row.holidays or {}),
        "makeup_workdays": dict(row.makeup_workdays or {}),
        "status": row.status if not created else None,
        "source_number": row.source_number,
        "source_date": row.source_date.isoformat() if row.source_date else None,
    }
    after = {
        "holidays": dict(sorted(holidays.items())),
        "makeup_workdays": dict(sorted(makeup_workdays.items())),
        "status": status,
        "source_number": source_number,
        "source_date": source_date.isoformat() if source_date else None,
    }
    if not created and before == after and row.source_note == source_note:
        return row
    row.holidays = after["holidays"]
    row.makeup_workdays = after["makeup_workdays"]
    row.status = status
    row.source_number = source_number
    row.source_date = source_date
    row.source_note = source_note
    row.updated_by = user
    row.save()
    log(
        instance=row,
        action="portal.calendar.create" if created else "portal.calendar.edit",
        user=user,
        data={
            "year": year,
            "holidays": _diff(before["holidays"], after["holidays"]),
            "makeup_workdays": _diff(before["makeup_workdays"], after["makeup_workdays"]),
            "status": [before["status"], status],
            "source_number": [before["source_number"], source_number],
            "source_date": [before["source_date"], after["source_date"]],
        },
    )
    transaction.on_commit(workday_calendar_invalidate)
    task_queue_after_commit("portal.core.tasks.working_day_periods_recompute", years=[year])
    return row


def calendar_sync(*, user: AbstractBaseUser | None = None) -> list[int]:
    """Adds, as official, every year the chinese-calendar package holds that
    the calendar does not have yet; never changes a stored year. Returns the
    years added."""
    stored = set(CalendarYear.objects.values_list("year", flat=True))
    added = []
    note = f"chinese-calendar {package_version()}"
    for year, (holidays, makeup) in sorted(package_arrangements().items()):
        if year in stored:
            continue
        calendar_year_save(
            year=year, holidays=holidays, makeup_workdays=makeup, source_note=note, user=user
        )
        added.append(year)
    return added
