"""Models of obligations after establishment, split by concern and
re-exported here."""

from .assessments import AssessmentStatus, PublicComment, SelfAssessment
from .obligations import (
    ACTIVE_OBLIGATION_STATES,
    Obligation,
    ObligationKind,
    ObligationReminder,
    ObligationStatus,
    obligation_label,
)
from .plans import FilingStatus, MasterPlan, PlanChange, PlanChangeStatus
from .reviews import (
    Acceptance,
    AcceptanceStatus,
    Commender,
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
from .units import ZONE_SUFFIX, Approval, CountyGovernment, ProtectedUnit, UnitStatus

__all__ = [
    "ACTIVE_OBLIGATION_STATES",
    "ZONE_SUFFIX",
    "Acceptance",
    "AcceptanceStatus",
    "Approval",
    "AssessmentStatus",
    "Commender",
    "CountyGovernment",
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
    "ProtectedUnit",
    "PublicComment",
    "RectificationOrder",
    "RectificationStatus",
    "SelfAssessment",
    "UnitImport",
    "UnitStatus",
    "obligation_label",
]
