"""Reads of what units file: what awaits the bureau, self-assessments under
comment, the plan in force."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Acceptance,
    AcceptanceStatus,
    AssessmentStatus,
    FilingStatus,
    MasterPlan,
    Obligation,
    ObligationKind,
    ObligationStatus,
    PlanChange,
    PlanChangeStatus,
    SelfAssessment,
)

# A self-assessment is the unit's own until it is submitted to the bureau:
# while a draft, and during its public comment period (when the public reads
# its summary, and its report only once the unit confirmed that personal
# data is removed: assessment_report_public).
ASSESSMENT_UNIT_ONLY = (AssessmentStatus.DRAFT, AssessmentStatus.COMMENTING)


def filings_bureau_reads(model):
    """Returns the filings of ``model`` (a filing kind's model) that the
    bureau may open, with their files: every plan, change and acceptance
    (each exists only once submitted), the self-assessments once
    submitted."""
    if model is SelfAssessment:
        return SelfAssessment.objects.exclude(status__in=ASSESSMENT_UNIT_ONLY)
    return model.objects.all()


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


def assessment_report_public(assessment: SelfAssessment) -> bool:
    """Whether the report itself is public (第三十五条): during the public
    comment, once the unit confirmed that personal data is removed."""
    return bool(
        assessment.report
        and assessment.personal_data_removed_at
        and assessment.status == AssessmentStatus.COMMENTING
    )


def plan_shown(*, unit) -> MasterPlan | None:
    """Returns the plan the unit's plan page shows read-only: the plan in
    force, else a first plan awaiting the bureau (not a change's new
    plan); None when the unit has still to file one."""
    return plan_in_force(unit=unit) or (
        MasterPlan.objects.filter(
            unit=unit, status=FilingStatus.SUBMITTED, change_request__isnull=True
        )
        .prefetch_related("core_townships", "dissemination_townships")
        .order_by("-submitted_at")
        .first()
    )


def acceptance_opening(*, unit) -> dict:
    """Returns when the unit may apply for acceptance (第十八条): ``opens_on``
    (the day of its acceptance obligation, None before a plan is filed),
    ``open`` (that day has come and the obligation is still to do) and
    ``applications``, newest first."""
    obligation = (
        Obligation.objects.filter(
            unit=unit,
            kind=ObligationKind.ACCEPTANCE,
            status__in=[ObligationStatus.OPEN, ObligationStatus.SUBMITTED],
        )
        .order_by("due_date")
        .first()
    )
    opens_on = obligation.due_date if obligation else None
    return {
        "opens_on": opens_on,
        "open": obligation is not None
        and obligation.status == ObligationStatus.OPEN
        and opens_on <= timezone.localdate(),
        "applications": list(unit.acceptances.order_by("-pk")),
    }


def plan_change_approval_problems(*, change: PlanChange) -> list[str]:
    """Returns why ``change`` cannot be approved (第三十七条: the residents'
    consultation and the county's consent are needed), or nothing; asked
    before the bureau confirms its approval, and by the approval itself."""
    if change.consultation and change.consent:
        return []
    return [_("The residents' consultation and the county's consent are needed.")]
