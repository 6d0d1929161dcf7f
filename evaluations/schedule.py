"""What a unit owes and when, computed from the rules of its measures
version (applications.models.Rules); pure functions, no database (the
services store the result)."""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from applications.models import Rules
from portal.core.dates import add_years

from .models import ObligationKind


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Returns the same day ``months`` later (the month's last day when it
    has no such day)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def self_assessment_due(year: int, rules: Rules) -> datetime.date:
    """Returns the due date of the self-assessment covering ``year``: the
    rules' day of the next year (the month's last day if it is shorter)."""
    month = rules.self_assessment_due_month
    last = calendar.monthrange(year + 1, month)[1]
    return datetime.date(year + 1, month, min(rules.self_assessment_due_day, last))


@dataclass(frozen=True)
class Due:
    kind: str
    period: int
    due_date: datetime.date


def due_under(
    *, start: datetime.date, rules_for: Callable[[datetime.date], Rules], compute
) -> tuple[datetime.date, Rules]:
    """Returns the due date ``compute(rules)`` gives under the version in
    force when the obligation falls due, and that version's rules.

    The period begins on ``start``; the version in force then gives a first
    due date; if another version is in force on that date, its rules give
    the date instead — provided that version is still in force on the date
    it gives (a version that would put the date before its own effective
    date does not rule it). At most as many steps as there are versions."""
    rules = rules_for(start)
    due = compute(rules)
    seen = {rules.effective_date}
    while True:
        later = rules_for(due)
        if later.effective_date in seen:
            return due, rules
        seen.add(later.effective_date)
        moved = compute(later)
        if rules_for(moved).effective_date != later.effective_date:
            return due, rules
        rules, due = later, moved


def unit_schedule(
    *,
    kind: str,
    established_on: datetime.date,
    tracked_from: datetime.date | None,
    plan_starts_on: datetime.date | None,
    delisted: bool,
    rules_for: Callable[[datetime.date], Rules],
    today: datetime.date,
) -> list[Due]:
    """Returns the obligations a unit should have on ``today``: every one
    that fell due since it is tracked, and the next of each kind, each due
    under the version of the measures in force when it falls due
    (``due_under``; ``rules_for(day)`` gives the rules of a day).

    Reserves (experimental zones) owe a master plan ``master_plan_months``
    after establishment and, once a plan is filed, may apply for acceptance
    ``acceptance_after_years`` after it starts. A unit owes a
    self-assessment for each calendar year from its establishment, due on
    the rules' day of the next year, and a comprehensive evaluation every
    ``evaluation_cycle_years`` after the previous one (or establishment) —
    a base only where the rules say bases owe them (第四十条). A delisted
    unit owes nothing new."""
    if delisted:
        return []
    since = tracked_from or established_on
    dues: list[Due] = []
    reserve = kind == "reserve"
    if reserve:
        due, _rules = due_under(
            start=established_on,
            rules_for=rules_for,
            compute=lambda r: add_months(established_on, r.master_plan_months),
        )
        dues.append(Due(ObligationKind.MASTER_PLAN, 1, due))
        if plan_starts_on is not None:
            due, _rules = due_under(
                start=plan_starts_on,
                rules_for=rules_for,
                compute=lambda r: add_years(plan_starts_on, r.acceptance_after_years),
            )
            dues.append(Due(ObligationKind.ACCEPTANCE, 1, due))
    year = established_on.year
    while True:
        start = datetime.date(year + 1, 1, 1)
        due, rules = due_under(
            start=start,
            rules_for=rules_for,
            compute=lambda r, year=year: self_assessment_due(year, r),
        )
        if not (reserve or rules.bases_self_assess):
            if due > today:
                break
            year += 1
            continue
        dues.append(Due(ObligationKind.SELF_ASSESSMENT, year, due))
        if due > today:
            break
        year += 1
    cycle = 1
    years = 0  # from establishment to the previous evaluation
    previous = established_on
    while True:
        due, rules = due_under(
            start=previous,
            rules_for=rules_for,
            compute=lambda r, years=years: add_years(
                established_on, years + r.evaluation_cycle_years
            ),
        )
        if reserve or rules.bases_evaluated:
            dues.append(Due(ObligationKind.EVALUATION, cycle, due))
        if due > today:
            break
        years += rules.evaluation_cycle_years
        previous = due
        cycle += 1
    # What fell due before the unit is tracked is on paper; acceptance is
    # an opening, not a deadline, and stays open however long ago it came.
    return [d for d in dues if d.due_date >= since or d.kind == ObligationKind.ACCEPTANCE]
