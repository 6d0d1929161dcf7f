"""Writes to stored working-day periods (publicity windows, deadlines)."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone
from wagtail.log_actions import log

from ..models import WorkingDayPeriod
from ..selectors import workday_calendar

# An open period's end date moved (its year's holiday arrangement changed):
# sent with period and old_end, inside the transaction, for whoever answers
# for the period to tell the people responsible.
period_end_moved = Signal()


@dataclass
class PeriodChange:
    period: WorkingDayPeriod
    old_start: datetime.date
    old_end: datetime.date
    old_provisional: bool


@transaction.atomic
def working_day_period_create(
    *,
    kind: str,
    label: str,
    anchor_date: datetime.date,
    working_days: int,
    first_day_rule: str,
    responsible: AbstractBaseUser | None = None,
    owner: models.Model | None = None,
) -> WorkingDayPeriod:
    """Computes and stores a period of ``working_days`` working days from
    ``anchor_date`` (the first-day rule says whether that day counts) and
    returns it."""
    window = workday_calendar().window(anchor_date, working_days, first_day_rule)
    period = WorkingDayPeriod.objects.create(
        kind=kind,
        label=label,
        anchor_date=anchor_date,
        working_days=working_days,
        first_day_rule=first_day_rule,
        start_date=window.start,
        end_date=window.end,
        provisional=window.provisional,
        responsible=responsible,
        owner_type=ContentType.objects.get_for_model(owner) if owner else None,
        owner_id=owner.pk if owner else None,
    )
    log(
        instance=period,
        action="portal.period.create",
        data={
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "provisional": window.provisional,
        },
    )
    return period


@transaction.atomic
def working_day_periods_recompute(
    *, years: Iterable[int] | None = None, today: datetime.date | None = None
) -> list[PeriodChange]:
    """Recomputes every open period that touches one of ``years`` (all open
    periods when None) on the current calendar, and returns the changes.

    A period is open until it is closed or its last day is over (Asia/
    Shanghai); nothing closed moves. Each change is logged with its old and
    new dates; when an end date moves, period_end_moved is sent (whoever is
    responsible for the period is told by its receiver)."""
    today = today or timezone.localdate()
    years = set(years) if years is not None else None
    calendar = workday_calendar()
    changes = []
    # Lock the periods only: PostgreSQL cannot lock the nullable side of the
    # join to the responsible user.
    open_periods = WorkingDayPeriod.objects.select_for_update(of=("self",)).filter(
        closed_at__isnull=True, end_date__gte=today
    )
    for period in open_periods.select_related("responsible"):
        if years is not None and not years & set(
            range(period.anchor_date.year, period.end_date.year + 2)
        ):
            continue
        window = calendar.window(period.anchor_date, period.working_days, period.first_day_rule)
        old = (period.start_date, period.end_date, period.provisional)
        if (window.start, window.end, window.provisional) == old:
            continue
        period.start_date, period.end_date, period.provisional = (
            window.start,
            window.end,
            window.provisional,
        )
        period.save(update_fields=["start_date", "end_date", "provisional", "updated_at"])
        log(
            instance=period,
            action="portal.period.recompute",
            data={
                "old": {
                    "start": old[0].isoformat(),
                    "end": old[1].isoformat(),
                    "provisional": old[2],
                },
                "new": {
                    "start": window.start.isoformat(),
                    "end": window.end.isoformat(),
                    "provisional": window.provisional,
                },
            },
        )
        changes.append(PeriodChange(period, *old))
        if window.end != old[1]:
            period_end_moved.send(sender=WorkingDayPeriod, period=period, old_end=old[1])
    return changes
