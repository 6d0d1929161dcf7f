"""Application models, split by concern and re-exported here."""

from .accounts import Ability, AccountProfile
from .applications import Application, ApplicationKind, ApplicationStatus, Material
from .candidates import CandidateList, GovernmentRefusal
from .digests import ReviewerDigest
from .divisions import County, Township
from .experts import ExpertAssignment, ExpertScore, ScoringCriterion
from .involvements import CountyInvolvement, InvolvementStatus
from .numbering import ReceiptCounter
from .objections import OPEN_OBJECTION_STATES, Objection, ObjectionAttachment, ObjectionStatus
from .organisations import CLAIMS_THAT_HOLD, ClaimStatus, Organisation, OrganisationClaim
from .review import FieldInspection, Hearing, InspectionPhoto
from .rules import Rules, RuleSet
from .supplements import ExtensionStatus, SupplementExtension, SupplementRequest

__all__ = [
    "CLAIMS_THAT_HOLD",
    "OPEN_OBJECTION_STATES",
    "Ability",
    "AccountProfile",
    "Application",
    "ApplicationKind",
    "ApplicationStatus",
    "CandidateList",
    "ClaimStatus",
    "County",
    "CountyInvolvement",
    "ExpertAssignment",
    "ExpertScore",
    "ExtensionStatus",
    "FieldInspection",
    "GovernmentRefusal",
    "Hearing",
    "InspectionPhoto",
    "InvolvementStatus",
    "Material",
    "Objection",
    "ObjectionAttachment",
    "ObjectionStatus",
    "Organisation",
    "OrganisationClaim",
    "ReceiptCounter",
    "ReviewerDigest",
    "RuleSet",
    "Rules",
    "ScoringCriterion",
    "SupplementExtension",
    "SupplementRequest",
    "Township",
]
