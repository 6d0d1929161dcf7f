"""What a unit owes and when, computed from the rules of its measures
version; pure functions, no database (the services store the result)."""

import bisect
import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass

from portal.core.dates import add_years

from .models import ObligationKind


@dataclass(frozen=True)
class ObligationRules:
    """The periods of the obligations after establishment (the 2020
    measures' numbers by default; a RuleSet per version overrides them)."""

    master_plan_months: int = 12
    self_assessment_due_month: int = 1
    self_assessment_due_day: int = 31
    evaluation_cycle_years: int = 3
    acceptance_after_years: int = 3
    plan_term_years: int = 10
    near_term_max_years: int = 5
    comment_working_days: int = 10
    reminder_days: tuple[int, ...] = (30, 7, 1)


def obligation_rules() -> Callable[[datetime.date], ObligationRules]:
    """Returns a function giving the ObligationRules of the measures version
    in force on a date (two queries, however many dates are asked)."""
    from applications.models import RuleSet
    from cms.models import MeasurePage

    versions = list(
        MeasurePage.objects.live()
        .order_by("effective_date", "pk")
        .values_list("effective_date", "pk")
    )
    effective = [v[0] for v in versions]
    by_measure = {}
    for rule_set in RuleSet.objects.all():
        by_measure[rule_set.measure_id] = ObligationRules(
            master_plan_months=rule_set.master_plan_months,
            self_assessment_due_month=rule_set.self_assessment_due_month,
            self_assessment_due_day=rule_set.self_assessment_due_day,
            evaluation_cycle_years=rule_set.evaluation_cycle_years,
            acceptance_after_years=rule_set.acceptance_after_years,
            plan_term_years=rule_set.plan_term_years,
            near_term_max_years=rule_set.near_term_max_years,
            comment_working_days=rule_set.comment_working_days,
            reminder_days=reminder_days_parse(rule_set.reminder_days),
        )
    default = ObligationRules()

    def rules_on(day: datetime.date) -> ObligationRules:
        index = bisect.bisect_right(effective, day)
        if index == 0:
            return default
        return by_measure.get(versions[index - 1][1], default)

    return rules_on


def reminder_days_parse(text: str) -> tuple[int, ...]:
    """Returns the reminder offsets of "30,7,1" as (30, 7, 1), largest first;
    anything that is not a positive number is ignored."""
    days = {int(p) for p in text.replace("，", ",").split(",") if p.strip().isdigit()}
    return tuple(sorted((d for d in days if d > 0), reverse=True)) or (30, 7, 1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Returns the same day ``months`` later (the month's last day when it
    has no such day)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def self_assessment_due(year: int, rules: ObligationRules) -> datetime.date:
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
    rules: ObligationRules,
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
    return [d for d in dues if d.due_date >= since]
