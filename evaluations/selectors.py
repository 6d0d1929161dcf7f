"""Reads of the evaluations app: a unit's timeline, the units an account
files for, and what awaits the bureau."""

import datetime

from django.db.models import Q
from django.utils import timezone

from applications.models import ProtectedUnit

from .models import (
    Acceptance,
    AcceptanceStatus,
    AssessmentStatus,
    FilingStatus,
    MasterPlan,
    Obligation,
    ObligationStatus,
    PlanChange,
    PlanChangeStatus,
    SelfAssessment,
)
from .services.obligations import obligation_label

CURRENT_DAYS = 90


def units_for_user(*, user):
    """Returns the units of the organisations ``user`` is a member of."""
    return ProtectedUnit.objects.filter(organisation__members=user).select_related("county")


def unit_timeline(*, unit, today: datetime.date | None = None) -> dict:
    """Returns a unit's obligations as a timeline: ``past`` (done or
    cancelled, newest first), ``current`` (still to do and due within 90
    days, or overdue) and ``next`` (due later). Each entry carries its
    label, due date, status and whether it is overdue."""
    today = today or timezone.localdate()
    past, current, upcoming = [], [], []
    for obligation in Obligation.objects.filter(unit=unit).order_by("due_date", "pk"):
        entry = {
            "obligation": obligation,
            "label": obligation_label(obligation),
            "due": obligation.due_date,
            "status": obligation.status,
            "status_label": obligation.get_status_display(),
            "overdue": obligation.status == ObligationStatus.OPEN and obligation.due_date < today,
            "days_left": (obligation.due_date - today).days,
        }
        if obligation.status in (ObligationStatus.DONE, ObligationStatus.CANCELLED):
            past.append(entry)
        elif obligation.due_date <= today + datetime.timedelta(days=CURRENT_DAYS):
            current.append(entry)
        else:
            upcoming.append(entry)
    past.reverse()
    return {"past": past, "current": current, "next": upcoming}


def filings_awaiting_bureau() -> dict:
    """Returns what units have filed and the bureau has not yet answered."""
    return {
        "plans": MasterPlan.objects.filter(status=FilingStatus.SUBMITTED, replaces=None)
        .select_related("unit")
        .order_by("submitted_at"),
        "changes": PlanChange.objects.filter(status=PlanChangeStatus.SUBMITTED)
        .select_related("plan__unit")
        .order_by("pk"),
        "assessments": SelfAssessment.objects.filter(status=AssessmentStatus.SUBMITTED)
        .select_related("unit")
        .order_by("submitted_at"),
        "acceptances": Acceptance.objects.filter(status=AcceptanceStatus.APPLIED)
        .select_related("unit")
        .order_by("applied_at"),
    }


def assessments_open_for_comment(*, unit):
    """Returns the unit's self-assessments published for public comment."""
    return SelfAssessment.objects.filter(
        unit=unit, status=AssessmentStatus.COMMENTING
    ).select_related("comment_period")


def plan_in_force(*, unit) -> MasterPlan | None:
    """Returns the unit's filed plan that no approved change replaced."""
    return (
        MasterPlan.objects.filter(unit=unit, status=FilingStatus.FILED)
        .exclude(Q(replaced_by__status=FilingStatus.FILED))
        .prefetch_related("core_townships", "dissemination_townships")
        .order_by("-submitted_at")
        .first()
    )
