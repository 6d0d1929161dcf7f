"""What a unit owes and when, computed from the rules of its measures
version (applications.models.Rules); pure functions, no database (the
services store the result)."""

import calendar
import datetime
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


def unit_schedule(
    *,
    kind: str,
    established_on: datetime.date,
    tracked_from: datetime.date | None,
    plan_starts_on: datetime.date | None,
    delisted: bool,
    rules: Rules,
    today: datetime.date,
) -> list[Due]:
    """Returns the obligations a unit should have on ``today``: every one
    that fell due since it is tracked, and the next of each kind.

    Reserves (experimental zones) owe a master plan ``master_plan_months``
    after establishment and, once a plan is filed, may apply for acceptance
    ``acceptance_after_years`` after it starts. Every unit owes a
    self-assessment for each calendar year from its establishment, due on
    the rules' day of the next year, and a comprehensive evaluation every
    ``evaluation_cycle_years`` from establishment. A delisted unit owes
    nothing new."""
    if delisted:
        return []
    since = tracked_from or established_on
    dues: list[Due] = []
    if kind == "reserve":
        dues.append(
            Due(ObligationKind.MASTER_PLAN, 1, add_months(established_on, rules.master_plan_months))
        )
        if plan_starts_on is not None:
            dues.append(
                Due(
                    ObligationKind.ACCEPTANCE,
                    1,
                    add_years(plan_starts_on, rules.acceptance_after_years),
                )
            )
    year = established_on.year
    while True:
        due = self_assessment_due(year, rules)
        dues.append(Due(ObligationKind.SELF_ASSESSMENT, year, due))
        if due > today:
            break
        year += 1
    cycle = 1
    while True:
        due = add_years(established_on, rules.evaluation_cycle_years * cycle)
        dues.append(Due(ObligationKind.EVALUATION, cycle, due))
        if due > today:
            break
        cycle += 1
    # What fell due before the unit is tracked is on paper; acceptance is
    # an opening, not a deadline, and stays open however long ago it came.
    return [d for d in dues if d.due_date >= since or d.kind == ObligationKind.ACCEPTANCE]
