"""Forms of the applications app, by page: accounts, drafts, the review,
experts and publicity. Every POST of the app is parsed by one of them."""

from .accounts import ClaimDecisionForm, LicenceForm, RegistrationForm
from .drafts import (
    CategoryForm,
    EligibilityForm,
    InheritorBranchForm,
    InheritorFormSet,
    MaterialsForm,
    NavigationForm,
    NewApplicationForm,
    NumbersForm,
    OutlineForm,
    ProjectFormSet,
    ReserveAreaForm,
    SeniorStaffFormSet,
    SkilledHolderFormSet,
    SubmissionForm,
    formset_rows,
)
from .publicity import FollowForm, ObjectionDecisionForm, ObjectionForm
from .reserves import InvolvementAnswerForm, ReserveZoneForm, villages_initial

__all__ = [
    "CategoryForm",
    "ClaimDecisionForm",
    "EligibilityForm",
    "FollowForm",
    "InheritorBranchForm",
    "InheritorFormSet",
    "InvolvementAnswerForm",
    "LicenceForm",
    "MaterialsForm",
    "NavigationForm",
    "NewApplicationForm",
    "NumbersForm",
    "ObjectionDecisionForm",
    "ObjectionForm",
    "OutlineForm",
    "ProjectFormSet",
    "RegistrationForm",
    "ReserveAreaForm",
    "ReserveZoneForm",
    "SeniorStaffFormSet",
    "SkilledHolderFormSet",
    "SubmissionForm",
    "formset_rows",
    "villages_initial",
]
