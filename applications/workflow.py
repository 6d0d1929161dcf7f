"""The procedure from draft to establishment (第十条–第十二条), declared once
as data: the states, and each transition with the states it leaves from,
the state it leads to and the roles that may take it.

Nothing outside this module decides what may happen to an application:
services call ``transition_check`` and the reviewer workspace, the
``workflow --json`` command and the applicant guide read ``TRANSITIONS``.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role

# Transitions taken by the system itself (a Celery task), not by a person.
SYSTEM = "system"


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting material review")
    MATERIAL_REVIEW = "material_review", _("Material review")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    RETURNED = "returned", _("Returned: supplement not provided in time")
    FIELD_INSPECTION = "field_inspection", _("Field inspection")
    HEARING = "hearing", _("Hearing of opinions")
    EXPERT_REVIEW = "expert_review", _("Expert review")
    REVIEWED = "reviewed", _("Review finished")
    CANDIDATE = "candidate", _("On the candidate list")
    REMOVED = "removed", _("Removed from the list: objection upheld")
    ESTABLISHED = "established", _("Established")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


APPLICANTS = frozenset({Role.APPLICANT, Role.COUNTY_BUREAU})
BUREAU = frozenset({Role.MUNICIPAL_REVIEWER, Role.ADMIN})
UNDER_REVIEW = (
    State.SUBMITTED,
    State.MATERIAL_REVIEW,
    State.FIELD_INSPECTION,
    State.HEARING,
    State.EXPERT_REVIEW,
    State.REVIEWED,
)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    label: str
    requires_reason: bool = False
    # The name of a condition the application must meet (see
    # services.TRANSITION_CONDITIONS), e.g. an inspection on record.
    condition: str | None = None
    # Taken only on its own screen, by the service that records what goes
    # with it (a candidate list, an objection decision, an approval): never
    # from the review page's generic buttons.
    screen: str | None = None

    @property
    def by_applicant(self) -> bool:
        return bool(self.roles & APPLICANTS)


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", (State.DRAFT,), State.SUBMITTED, APPLICANTS, _("Submit")),
    Transition(
        "start_review",
        (State.SUBMITTED,),
        State.MATERIAL_REVIEW,
        BUREAU,
        _("Start the material review"),
    ),
    Transition(
        "request_supplement",
        (State.MATERIAL_REVIEW,),
        State.SUPPLEMENT_REQUESTED,
        BUREAU,
        _("Request a supplement"),
        requires_reason=True,
    ),
    Transition(
        "resubmit",
        (State.SUPPLEMENT_REQUESTED,),
        State.MATERIAL_REVIEW,
        APPLICANTS,
        _("Resubmit with the supplement"),
    ),
    Transition(
        "expire_supplement",
        (State.SUPPLEMENT_REQUESTED,),
        State.RETURNED,
        frozenset({SYSTEM}),
        _("Return: supplement not provided in time"),
        requires_reason=True,
    ),
    Transition(
        "accept_materials",
        (State.MATERIAL_REVIEW,),
        State.FIELD_INSPECTION,
        BUREAU,
        _("Accept the materials"),
        condition="relaxation_granted_if_needed",
    ),
    Transition(
        "record_inspection",
        (State.FIELD_INSPECTION,),
        State.HEARING,
        BUREAU,
        _("Record the field inspection"),
        condition="inspection_on_record",
    ),
    Transition(
        "record_hearing",
        (State.HEARING,),
        State.EXPERT_REVIEW,
        BUREAU,
        _("Record the hearing of opinions"),
        condition="hearing_on_record",
    ),
    Transition(
        "close_expert_review",
        (State.EXPERT_REVIEW,),
        State.REVIEWED,
        BUREAU,
        _("Close the expert review"),
        condition="experts_done",
    ),
    Transition(
        "add_to_candidate_list",
        (State.REVIEWED,),
        State.CANDIDATE,
        BUREAU,
        _("Put on the candidate list"),
        screen="candidate_list",
    ),
    # 第十二条: publicity, then the municipal government's approval.
    Transition(
        "uphold_objection",
        (State.CANDIDATE,),
        State.REMOVED,
        BUREAU,
        _("Uphold an objection: remove from the list"),
        requires_reason=True,
        screen="objection",
    ),
    Transition(
        "establish",
        (State.CANDIDATE,),
        State.ESTABLISHED,
        BUREAU,
        _("Record the municipal government's approval"),
        condition="publicity_closed_unopposed",
        screen="approval",
    ),
    Transition(
        "record_refusal",
        (State.CANDIDATE,),
        State.REJECTED,
        BUREAU,
        _("Record the municipal government's refusal"),
        requires_reason=True,
        screen="approval",
    ),
    Transition(
        "reject",
        UNDER_REVIEW,
        State.REJECTED,
        BUREAU,
        _("Reject"),
        requires_reason=True,
    ),
    Transition(
        "withdraw",
        (*UNDER_REVIEW, State.SUPPLEMENT_REQUESTED),
        State.WITHDRAWN,
        APPLICANTS,
        _("Withdraw"),
        requires_reason=True,
    ),
)
TRANSITIONS_BY_ACTION = {t.action: t for t in TRANSITIONS}


def transitions_from(state: str) -> list[Transition]:
    """Returns the transitions that leave ``state``, in declaration order."""
    return [t for t in TRANSITIONS if state in t.sources]


def declaration() -> dict:
    """Returns the workflow as plain data: states with their labels, and one
    entry per (source, transition) with the roles allowed."""
    return {
        "states": [{"code": s.value, "label": str(s.label)} for s in State],
        "transitions": [
            {
                "source": source,
                "target": t.target,
                "action": t.action,
                "label": str(t.label),
                "roles": sorted(t.roles),
                "requires_reason": t.requires_reason,
                "condition": t.condition,
                "screen": t.screen,
            }
            for t in TRANSITIONS
            for source in t.sources
        ],
    }


EXITS = frozenset({State.REJECTED, State.WITHDRAWN, State.RETURNED, State.REMOVED})


def main_path() -> list[str]:
    """Returns the states of the usual way from draft to the candidate list,
    read from the declaration: at each state the first transition onwards,
    passing over exits and detours (a state whose only way on leads back,
    like a supplement request)."""
    path = [State.DRAFT]
    while True:
        onward = [
            t for t in transitions_from(path[-1]) if t.target not in EXITS and t.target not in path
        ]
        if not onward:
            return path

        def detour(t: Transition) -> bool:
            ways_on = [n.target for n in transitions_from(t.target) if n.target not in EXITS]
            return bool(ways_on) and all(target in path for target in ways_on)

        path.append(next((t for t in onward if not detour(t)), onward[0]).target)
