"""Reads for the bureau's dashboard on the admin home: counts of the
established units, the obligations due soon and overdue, the application
pipeline and the latest evaluation score of each unit.

Each function is one or two aggregate queries, whatever the number of
units: the dashboard opens every time a reviewer signs in."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from applications.eligibility import Category
from applications.models import Application, ApplicationKind, County
from applications.workflow import State, main_path

from ..models import (
    Evaluation,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ProtectedUnit,
    UnitStatus,
)

# Obligations still waiting for someone: the unit (open) or the bureau
# (submitted).
PENDING_STATES = (ObligationStatus.OPEN, ObligationStatus.SUBMITTED)


@dataclass(frozen=True)
class Tally:
    """One line of a count: what (``key``, its ``label``) and how many."""

    key: str
    label: str
    n: int


@dataclass
class UnitCounts:
    by_status: list[Tally]
    by_category: list[Tally]
    by_county: list[Tally]
    # Units not delisted: those counted by category and by county.
    current: int = 0
    total: int = 0


def unit_counts() -> UnitCounts:
    """Returns the established units counted by status (every status, zeros
    included), and the current ones (not delisted) by category (reserves on
    a line of their own: they have no category) and by county (every
    county; a reserve spanning several counts in each of them). Four
    queries: one grouped count, the counties of the units spanning
    several, the units without counties recorded, and the counties."""
    rows = (
        ProtectedUnit.objects.order_by()
        .values_list("status", "kind", "category")
        .annotate(n=Count("pk"))
    )
    by_status = dict.fromkeys(UnitStatus.values, 0)
    by_category = dict.fromkeys([*Category.values, ApplicationKind.RESERVE], 0)
    by_county: dict[str, int] = {}
    total = current = 0
    for status, kind, category, n in rows:
        total += n
        by_status[status] = by_status.get(status, 0) + n
        if status == UnitStatus.DELISTED:
            continue
        current += n
        key = ApplicationKind.RESERVE if kind == ApplicationKind.RESERVE else category
        by_category[key] = by_category.get(key, 0) + n
    current_units = ProtectedUnit.objects.exclude(status=UnitStatus.DELISTED)
    county_rows = [
        *ProtectedUnit.counties.through.objects.filter(protectedunit__in=current_units)
        .order_by()
        .values_list("county_id")
        .annotate(n=Count("protectedunit_id", distinct=True)),
        *current_units.filter(counties=None)
        .order_by()
        .values_list("county_id")
        .annotate(n=Count("pk")),
    ]
    for county_id, n in county_rows:
        by_county[county_id] = by_county.get(county_id, 0) + n
    category_labels = {
        **dict(Category.choices),
        ApplicationKind.RESERVE: ApplicationKind.RESERVE.label,
        "": _("No category"),
    }
    return UnitCounts(
        by_status=[Tally(s, UnitStatus(s).label, n) for s, n in by_status.items()],
        by_category=[
            Tally(key, category_labels.get(key, key), n) for key, n in by_category.items()
        ],
        by_county=[
            Tally(code, name, by_county.get(code, 0))
            for code, name in County.objects.order_by("code").values_list("code", "name")
        ],
        current=current,
        total=total,
    )


@dataclass
class ObligationRows:
    """The first ``limit`` obligations of a list, and how many there are."""

    rows: list[Obligation] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def obligations_due(*, today: datetime.date, days: int = 90, limit: int = 50) -> ObligationRows:
    """Returns the obligations still pending (open, or submitted and awaiting
    the bureau) that fall due from ``today`` to ``days`` days later, soonest
    first, with their units; at most ``limit`` of them, and the total. Two
    queries."""
    pending = Obligation.objects.filter(
        status__in=PENDING_STATES,
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=days),
    )
    return ObligationRows(
        rows=list(pending.select_related("unit").order_by("due_date", "pk")[:limit]),
        total=pending.count(),
    )


def obligations_overdue(*, today: datetime.date, limit: int = 50) -> ObligationRows:
    """Returns the open obligations whose due date is before ``today``,
    oldest first, with their units; at most ``limit`` of them, and the
    total. Acceptance is open from its date, never overdue. Two queries."""
    overdue = Obligation.objects.filter(status=ObligationStatus.OPEN, due_date__lt=today).exclude(
        kind=ObligationKind.ACCEPTANCE
    )
    return ObligationRows(
        rows=list(overdue.select_related("unit").order_by("due_date", "pk")[:limit]),
        total=overdue.count(),
    )


@dataclass
class Pipeline:
    # The states of the usual way, in order (zeros included).
    main: list[Tally]
    # The other states that hold applications (supplement requested,
    # rejected, …), in declaration order.
    other: list[Tally]

    @property
    def total(self) -> int:
        return sum(c.n for c in self.main) + sum(c.n for c in self.other)


def application_pipeline() -> Pipeline:
    """Returns the number of applications in each state: the states of
    ``workflow.main_path()`` in that order, then the other states that hold
    any. One query."""
    counts = dict(Application.objects.order_by().values_list("status").annotate(n=Count("pk")))
    path = main_path()
    return Pipeline(
        main=[Tally(s, State(s).label, counts.get(s, 0)) for s in path],
        other=[
            Tally(s, State(s).label, counts[s])
            for s in State.values
            if s not in path and counts.get(s)
        ],
    )


@dataclass
class Scores:
    # The latest scored evaluation of each unit, highest total first.
    rows: list[Evaluation]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def evaluation_scores(*, limit: int = 20) -> Scores:
    """Returns each unit's latest evaluation that has a total (the newest
    round's), highest total first, with unit and round; at most ``limit``
    of them, and how many units have one. Two queries (the latest per unit
    is a correlated subquery, not a query per unit)."""
    latest = (
        Evaluation.objects.filter(unit=OuterRef("unit"), total__isnull=False)
        .order_by("-round__opened_on", "-round_id")
        .values("pk")[:1]
    )
    scored = Evaluation.objects.filter(total__isnull=False, pk=Subquery(latest))
    return Scores(
        rows=list(scored.select_related("unit", "round").order_by("-total", "unit__name")[:limit]),
        total=scored.count(),
    )
