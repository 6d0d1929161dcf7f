"""Reads of the applications app."""

import datetime

from .eligibility import Rules


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
