"""Models of obligations after establishment, split by concern and
re-exported here."""

from .assessments import AssessmentStatus, PublicComment, SelfAssessment
from .obligations import (
    ACTIVE_OBLIGATION_STATES,
    Obligation,
    ObligationKind,
    ObligationReminder,
    ObligationStatus,
)
from .plans import FilingStatus, MasterPlan, PlanChange, PlanChangeStatus
from .reviews import (
    Acceptance,
    AcceptanceStatus,
    Evaluation,
    EvaluationOutcome,
    EvaluationRound,
    EvaluationScore,
    EvaluationStatus,
    Indicator,
    RectificationOrder,
    RectificationStatus,
    UnitImport,
)

__all__ = [
    "ACTIVE_OBLIGATION_STATES",
    "Acceptance",
    "AcceptanceStatus",
    "AssessmentStatus",
    "Evaluation",
    "EvaluationOutcome",
    "EvaluationRound",
    "EvaluationScore",
    "EvaluationStatus",
    "FilingStatus",
    "Indicator",
    "MasterPlan",
    "Obligation",
    "ObligationKind",
    "ObligationReminder",
    "ObligationStatus",
    "PlanChange",
    "PlanChangeStatus",
    "PublicComment",
    "RectificationOrder",
    "RectificationStatus",
    "SelfAssessment",
    "UnitImport",
]
