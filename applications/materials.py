"""The typed material slots of an application (第六条, 第七条)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .eligibility import Category, InheritorBranch


@dataclass(frozen=True)
class Slot:
    code: str
    label: str | Promise
    required: bool = False
    # Required only for these base categories.
    required_for: frozenset[str] = frozenset()
    # Required only when relaxation is requested.
    with_relaxation: bool = False
    # Required only when the applicant meets 第七条（二） by this branch.
    for_branch: str = ""


BASE_SLOTS = (
    Slot("application_form", _("Application form"), required=True),
    Slot("licence", _("Business licence or legal person certificate"), required=True),
    Slot("site_proof", _("Proof of the site (title deed or lease)"), required=True),
    Slot("staff_list", _("List of staff"), required=True),
    Slot(
        "inheritor_certificates",
        _("Certificates of the representative inheritors (Article 7 (2), branch (a))"),
        required=True,
        for_branch=InheritorBranch.REPRESENTATIVE,
    ),
    Slot(
        "holder_evidence",
        _("Evidence of the skilled holders' mastery (Article 7 (2), branch (b))"),
    ),
    Slot(
        "senior_titles",
        _("Certificates of associate-senior titles"),
        required_for=frozenset({Category.RESEARCH}),
    ),
    Slot("relaxation_evidence", _("Evidence for the relaxation request"), with_relaxation=True),
    Slot("records", _("Records of the craft (photographs, video index)")),
    Slot("other", _("Other supporting material")),
)


def slot_required(
    slot: Slot, *, category: str, relaxation_requested: bool, inheritor_branch: str = ""
) -> bool:
    """Returns True if the slot must hold a file before submission."""
    if slot.with_relaxation:
        return relaxation_requested
    if slot.for_branch and slot.for_branch != inheritor_branch:
        return False
    return slot.required or category in slot.required_for


RESERVE_SLOTS = (
    Slot("planning_outline", _("Planning outline of the reserve (Article 6 (2))"), required=True),
    Slot(
        "expert_opinion",
        _("Expert review opinion organised by the county bureau (Article 6 (3))"),
        required=True,
    ),
    Slot("other", _("Other supporting material (Article 6 (4))")),
)
GOVERNMENT_DOCUMENTS = "government_documents"


def slots_for(application) -> list[tuple[Slot, bool]]:
    """Returns the material slots of an application with whether each is
    required. A reserve needs, for each of its counties — the lead bureau's,
    those it names, those its townships lie in — that county government's
    application and approval (第六条（一）)."""
    if application.kind == "reserve":
        counties = sorted(
            {
                application.organisation.county,
                *(i.county for i in application.involvements.select_related("county")),
                *(t.county for t in application.townships.select_related("county")),
            },
            key=lambda c: c.code,
        )
        county_slots = [
            Slot(
                f"{GOVERNMENT_DOCUMENTS}:{county.code}",
                _("%(county)s government's application and approval (Article 6 (1))")
                % {"county": county.name},
                required=True,
            )
            for county in counties
        ]
        return [(slot, slot.required) for slot in (*county_slots, *RESERVE_SLOTS)]
    return [
        (
            slot,
            slot_required(
                slot,
                category=application.category,
                relaxation_requested=application.relaxation_requested,
                inheritor_branch=application.inheritor_branch,
            ),
        )
        for slot in BASE_SLOTS
    ]
