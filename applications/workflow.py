"""The procedure from draft to establishment (第十条–第十二条), declared once
as data: the states; each transition with the states it leaves from, the
state it leads to and the permission it takes (the roles follow from
applications.roles); and per state what may be recorded on the
application, who may read its file, whose turn it is and which deadline
runs.

Nothing outside this module decides what may happen to an application:
the services check transitions and records against it, and the review
page, the applicant's pages, the ``workflow --json`` command and the guide
read it.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import APPLY, BUREAU, EXPERT_REVIEW, roles_with

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
    # The permission it takes; None: only the system (a Celery task) takes it.
    permission: str | None
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
    def roles(self) -> frozenset[str]:
        """The roles that may take it (SYSTEM for the system)."""
        if self.permission is None:
            return frozenset({SYSTEM})
        return frozenset(roles_with(self.permission))

    @property
    def by_applicant(self) -> bool:
        """Taken by the applicant, on its own organisation's application."""
        return self.permission == APPLY


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", (State.DRAFT,), State.SUBMITTED, APPLY, _("Submit")),
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
        APPLY,
        _("Resubmit with the supplement"),
    ),
    Transition(
        "expire_supplement",
        (State.SUPPLEMENT_REQUESTED,),
        State.RETURNED,
        None,
        _("Return: supplement not provided in time"),
        requires_reason=True,
    ),
    # The bureau's practice (补正), not the measures': a returned application
    # may be given a new supplement deadline (services.supplements).
    Transition(
        "reopen_supplement",
        (State.RETURNED,),
        State.SUPPLEMENT_REQUESTED,
        BUREAU,
        _("Reopen with a new supplement deadline"),
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
        (*UNDER_REVIEW, State.SUPPLEMENT_REQUESTED, State.RETURNED),
        State.WITHDRAWN,
        APPLY,
        _("Withdraw"),
        requires_reason=True,
    ),
)
TRANSITIONS_BY_ACTION = {t.action: t for t in TRANSITIONS}


class Record(models.TextChoices):
    """What is written on an application besides its state."""

    DRAFT = "draft", _("Draft")
    MATERIALS = "materials", _("Materials")
    RELAXATION = "relaxation_decide", _("Decision on the relaxation request")
    SUPPLEMENT = "request_supplement", _("Supplement request")
    EXTENSION = "supplement_extension", _("Request for more time to supplement")
    EXTENSION_DECIDE = "supplement_extension_decide", _("Decision on more time to supplement")
    INSPECTION = "inspection_record", _("Field inspection")
    HEARING = "hearing_record", _("Hearing of opinions")
    EXPERTS = "expert_assign", _("Expert assignment")
    SCORES = "expert_score", _("Expert scores")


# Who writes each record.
RECORD_PERMISSIONS = {
    Record.DRAFT: APPLY,
    Record.MATERIALS: APPLY,
    Record.RELAXATION: BUREAU,
    Record.SUPPLEMENT: BUREAU,
    Record.EXTENSION: APPLY,
    Record.EXTENSION_DECIDE: BUREAU,
    Record.INSPECTION: BUREAU,
    Record.HEARING: BUREAU,
    Record.EXPERTS: BUREAU,
    Record.SCORES: EXPERT_REVIEW,
}


class Party(models.TextChoices):
    """Who acts, reads or waits: the applicant (its organisation's members),
    the bureau, the assigned experts (once they declared no conflict), the
    public (objections during publicity), the municipal government."""

    APPLICANT = "applicant", _("The applicant")
    BUREAU = "bureau", _("The culture bureau")
    EXPERTS = "experts", _("The experts")
    PUBLIC = "public", _("The public")
    GOVERNMENT = "government", _("The municipal government")


class Deadline(models.TextChoices):
    """The stored working-day periods that bound a state."""

    SUPPLEMENT = "supplement", _("Supplement deadline")
    PUBLICITY = "publicity", _("Publicity window")


@dataclass(frozen=True)
class StateRule:
    """What holds in one state: the records that may be written, who may
    read the file, whose turn it is (None once the procedure has ended) and
    the deadline that runs, if any."""

    records: frozenset[str] = frozenset()
    readers: frozenset[str] = field(
        default_factory=lambda: frozenset({Party.APPLICANT, Party.BUREAU, Party.EXPERTS})
    )
    turn: str | None = None
    deadline: str | None = None


STATES: dict[str, StateRule] = {
    # A draft is the applicant's own until it is submitted.
    State.DRAFT: StateRule(
        records=frozenset({Record.DRAFT, Record.MATERIALS}),
        readers=frozenset({Party.APPLICANT}),
        turn=Party.APPLICANT,
    ),
    State.SUBMITTED: StateRule(turn=Party.BUREAU),
    State.MATERIAL_REVIEW: StateRule(
        records=frozenset({Record.RELAXATION, Record.SUPPLEMENT}), turn=Party.BUREAU
    ),
    State.SUPPLEMENT_REQUESTED: StateRule(
        records=frozenset({Record.MATERIALS, Record.EXTENSION, Record.EXTENSION_DECIDE}),
        turn=Party.APPLICANT,
        deadline=Deadline.SUPPLEMENT,
    ),
    State.RETURNED: StateRule(),
    State.FIELD_INSPECTION: StateRule(records=frozenset({Record.INSPECTION}), turn=Party.BUREAU),
    State.HEARING: StateRule(records=frozenset({Record.HEARING}), turn=Party.BUREAU),
    State.EXPERT_REVIEW: StateRule(
        records=frozenset({Record.EXPERTS, Record.SCORES}), turn=Party.EXPERTS
    ),
    State.REVIEWED: StateRule(turn=Party.BUREAU),
    # Publicised: the public may object until the window closes; then the
    # municipal government approves.
    State.CANDIDATE: StateRule(turn=Party.GOVERNMENT, deadline=Deadline.PUBLICITY),
    State.REMOVED: StateRule(),
    State.ESTABLISHED: StateRule(),
    State.REJECTED: StateRule(),
    State.WITHDRAWN: StateRule(),
}


def states_allowing(record: str) -> list[str]:
    """Returns the states in which ``record`` may be written."""
    return [state for state, rule in STATES.items() if record in rule.records]


def transitions_from(state: str) -> list[Transition]:
    """Returns the transitions that leave ``state``, in declaration order."""
    return [t for t in TRANSITIONS if state in t.sources]


def declaration() -> dict:
    """Returns the workflow as plain data: states with their labels and
    rules, one entry per (source, transition) with the roles allowed, and
    the applicant's path."""
    from .stages import PATH

    return {
        "states": [
            {
                "code": s.value,
                "label": str(s.label),
                "records": sorted(STATES[s].records),
                "readers": sorted(STATES[s].readers),
                "turn": STATES[s].turn,
                "deadline": STATES[s].deadline,
            }
            for s in State
        ],
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
        # The applicant's path (applications.stages, which reads this module):
        # each stage with the states standing at it.
        "path": [
            {
                "stage": stage.value,
                "label": str(stage.label),
                "states": {str(state): window for state, window in states.items()},
            }
            for stage, states in PATH
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
