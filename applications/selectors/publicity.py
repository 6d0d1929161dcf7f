"""Reads of the publicity step (公示, 第十二条): where a list's window
stands, its candidates' public facts, and an objection by receipt code."""

import datetime

from portal.core.selectors import PeriodStatus, period_status

from ..models import Application, Objection


def publicity_status(
    *, candidate_list, now: datetime.datetime | None = None
) -> PeriodStatus | None:
    """Returns the PeriodStatus of a published candidate list at ``now``
    (Asia/Shanghai, to the second), or None if it is not published (see
    period_status)."""
    if candidate_list.period is None:
        return None
    return period_status(period=candidate_list.period, now=now)


def publicity_candidates(*, candidate_list) -> list[dict]:
    """Returns the public facts of each candidate on a list, in receipt
    order: organisation, kind or category, county and township(s), ICH
    projects, and where it now stands. Nothing private (no contact)."""
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


def objection_by_receipt(*, code: str):
    """Returns the objection with receipt code ``code`` (case and spaces
    ignored), or None."""
    code = "".join(code.split()).upper()
    if not code:
        return None
    return (
        Objection.objects.select_related("application__organisation", "candidate_list")
        .filter(receipt_code=code)
        .first()
    )
