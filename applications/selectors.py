"""Reads of the applications app."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from .eligibility import Rules

SHANGHAI = ZoneInfo("Asia/Shanghai")


def rules_on(*, day: datetime.date) -> Rules:
    """Returns the rules of the version of the measures in force on ``day``:
    its rule set if it has one, else the numbers of the 2020 measures."""
    from cms.selectors import measure_on

    from .models import RuleSet

    measure = measure_on(day=day)
    rule_set = RuleSet.objects.filter(measure=measure).first() if measure else None
    if rule_set is None:
        return Rules()
    return Rules(
        min_site_area_m2=rule_set.min_site_area_m2,
        min_staff=rule_set.min_staff,
        min_senior_staff_research=rule_set.min_senior_staff_research,
        min_holistic_protection_years=rule_set.min_holistic_protection_years,
        supplement_working_days=rule_set.supplement_working_days,
    )


def applications_for_user(*, user):
    """Returns the applications ``user`` may see on the portal's pages: those
    of the organisations it is a member of."""
    from .models import Application

    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organisation__members=user).select_related("organisation")


def staff_may_view(*, user) -> bool:
    """Returns True if ``user`` is bureau staff who may open any
    application's files (reviewers and administrators)."""
    from .roles import Role

    return user.is_authenticated and (
        user.is_superuser
        or user.groups.filter(name__in=[Role.MUNICIPAL_REVIEWER, Role.ADMIN]).exists()
    )


def criteria_for(application):
    """Returns the scoring criteria for the application's kind and category
    (those for one category replace the general ones of the same code)."""
    from .models import ScoringCriterion

    rows = ScoringCriterion.objects.filter(kind=application.kind).filter(
        category__in=["", application.category or ""]
    )
    chosen = {}
    for row in rows.order_by("sort_order", "pk"):
        if row.code not in chosen or row.category:
            chosen[row.code] = row
    return sorted(chosen.values(), key=lambda r: (r.sort_order, r.pk))


OUTLIER_SHARE = 0.2


def panel_summary(*, application) -> dict:
    """Returns the expert panel's result, for reviewers only: each expert's
    weighted total (0–100), the mean and spread, and, with three scores or
    more, which totals lie more than 20 points from the median (outliers)."""
    import statistics

    assignments = list(
        application.expert_assignments.select_related("expert").prefetch_related(
            "scores__criterion"
        )
    )
    rows = []
    for assignment in assignments:
        total = None
        if assignment.submitted_at:
            weights = sum(float(s.criterion.weight) for s in assignment.scores.all()) or 1
            total = round(
                100
                * sum(
                    float(s.criterion.weight) * float(s.score) / s.criterion.max_score
                    for s in assignment.scores.all()
                )
                / weights,
                1,
            )
        rows.append({"assignment": assignment, "total": total, "outlier": False})
    totals = [r["total"] for r in rows if r["total"] is not None]
    if len(totals) >= 3:
        # The median resists the outlier it is measuring against.
        middle = statistics.median(totals)
        for row in rows:
            if row["total"] is not None:
                row["outlier"] = abs(row["total"] - middle) > 100 * OUTLIER_SHARE
    return {
        "rows": rows,
        "mean": round(statistics.mean(totals), 1) if totals else None,
        "spread": round(statistics.pstdev(totals), 1) if len(totals) > 1 else None,
        "done": bool(assignments) and all(a.is_done for a in assignments) and bool(totals),
    }


# Publicity (第十二条) and the directory of established units.


@dataclass(frozen=True)
class PublicityStatus:
    """Where a publicity window stands at ``now``: "pending" (not yet
    open), "open" or "closed", with its dates and, while open, the working
    days left (today included when it is one)."""

    state: str
    start: datetime.date
    end: datetime.date
    provisional: bool
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    working_days_left: int | None

    @property
    def is_open(self) -> bool:
        return self.state == "open"


def publicity_status(*, candidate_list, now: datetime.datetime | None = None):
    """Returns the PublicityStatus of a published candidate list at ``now``
    (Asia/Shanghai, to the second), or None if it is not published (see
    period_status)."""
    if candidate_list.period is None:
        return None
    return period_status(period=candidate_list.period, now=now)


def period_status(*, period, now: datetime.datetime | None = None) -> PublicityStatus:
    """Returns where a stored working-day period (a publicity window, a
    public comment period) stands at ``now``: it opens at 00:00 of its
    first day and closes at 24:00 of its last, Asia/Shanghai, to the
    second; closed from then on whether or not Celery beat has recorded
    the closing yet."""
    from portal.core.selectors import workday_calendar

    now = now or timezone.now()
    opens_at = datetime.datetime.combine(period.start_date, datetime.time(), tzinfo=SHANGHAI)
    closes_at = datetime.datetime.combine(
        period.end_date + datetime.timedelta(days=1), datetime.time(), tzinfo=SHANGHAI
    )
    left = None
    if period.closed_at is not None or now >= closes_at:
        state = "closed"
    elif now < opens_at:
        state = "pending"
    else:
        state = "open"
        today = now.astimezone(SHANGHAI).date()
        left = workday_calendar().working_days_between(today, period.end_date)
    return PublicityStatus(
        state=state,
        start=period.start_date,
        end=period.end_date,
        provisional=period.provisional,
        opens_at=opens_at,
        closes_at=closes_at,
        working_days_left=left,
    )


def publicity_candidates(*, candidate_list) -> list[dict]:
    """Returns the public facts of each candidate on a list, in receipt
    order: organisation, kind or category, county and township(s), ICH
    projects, and where it now stands. Nothing private (no contact)."""
    from .models import Application

    rows = []
    applications = (
        Application.objects.filter(candidate_lists=candidate_list)
        .select_related("organisation__county", "organisation__township", "unit")
        .prefetch_related("townships")
        .order_by("receipt_number")
    )
    for application in applications:
        townships = [t.name for t in application.townships.all()]
        if not townships and application.organisation.township:
            townships = [application.organisation.township.name]
        rows.append(
            {
                "id": application.pk,
                "name": application.organisation.name,
                "category": application.get_category_display() or application.get_kind_display(),
                "county": application.organisation.county.name,
                "townships": townships,
                "projects": [p.get("name", "") for p in application.ich_projects if p.get("name")],
                "status": application.status,
                "status_label": application.get_status_display(),
                "unit": getattr(application, "unit", None),
            }
        )
    return rows


def publicity_listing(*, index=None, now: datetime.datetime | None = None) -> list[dict]:
    """Returns every live publicity page (under ``index`` when given),
    newest first, each with its PublicityStatus and candidate count."""
    from django.db.models import Count

    from cms.models import PublicityPage

    pages = PublicityPage.objects.live().public().select_related("candidate_list__period")
    if index is not None:
        pages = pages.child_of(index)
    pages = pages.annotate(candidates=Count("candidate_list__applications")).order_by(
        "-date", "-pk"
    )
    return [
        {
            "page": page,
            "status": publicity_status(candidate_list=page.candidate_list, now=now),
            "candidates": page.candidates,
        }
        for page in pages
    ]


def publicity_open_now(*, now: datetime.datetime | None = None) -> list[dict]:
    """Returns the publicity lists whose window is open at ``now``."""
    return [e for e in publicity_listing(now=now) if e["status"] and e["status"].is_open]


def objection_by_receipt(*, code: str):
    """Returns the objection with receipt code ``code`` (case and spaces
    ignored), or None."""
    from .models import Objection

    code = "".join(code.split()).upper()
    if not code:
        return None
    return (
        Objection.objects.select_related("application__organisation", "candidate_list")
        .filter(receipt_code=code)
        .first()
    )


def bureau_reviewers() -> list:
    """Returns the accounts of the municipal bureau's reviewers, whom the
    portal tells of what awaits the bureau."""
    from django.contrib.auth import get_user_model

    from .roles import Role

    return list(get_user_model().objects.filter(groups__name=Role.MUNICIPAL_REVIEWER))
