"""Forms of the applications app, by page: accounts, drafts, the review,
experts and publicity. Every POST of the app is parsed by one of them."""

from .accounts import ClaimDecisionForm, LicenceForm, RegistrationForm
from .drafts import (
    CategoryForm,
    EligibilityForm,
    InheritorBranchForm,
    InheritorFormSet,
    MaterialForm,
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

__all__ = [
    "CategoryForm",
    "ClaimDecisionForm",
    "EligibilityForm",
    "FollowForm",
    "InheritorBranchForm",
    "InheritorFormSet",
    "LicenceForm",
    "MaterialForm",
    "NavigationForm",
    "NewApplicationForm",
    "NumbersForm",
    "ObjectionDecisionForm",
    "ObjectionForm",
    "OutlineForm",
    "ProjectFormSet",
    "RegistrationForm",
    "ReserveAreaForm",
    "SeniorStaffFormSet",
    "SkilledHolderFormSet",
    "SubmissionForm",
    "formset_rows",
]
