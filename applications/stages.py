"""The applicant's view of the procedure (applications.workflow), declared
as data: the stages of the path 申报 → 材料审核 → 实地考察 → 听取意见 → 论证评审
→ 备选名单 → 公示 → 批复 → 设立, each with the states that stand at it. The
applicant's pages read where an application stands from it
(selectors.application_path)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .workflow import State


# A candidate stands at one of three stages by its
# publicity window (not yet published, open, closed); an exit stands where
# it left the path (a returned application at the material review, a
# removed one at the publicity; a withdrawn or rejected one where its last
# transition found it).
class Stage(models.TextChoices):
    APPLY = "apply", pgettext_lazy("stage", "Application")
    MATERIAL_REVIEW = "material_review", pgettext_lazy("stage", "Material review")
    FIELD_INSPECTION = "field_inspection", pgettext_lazy("stage", "Field inspection")
    HEARING = "hearing", pgettext_lazy("stage", "Hearing of opinions")
    EXPERT_REVIEW = "expert_review", pgettext_lazy("stage", "Expert review")
    CANDIDATE_LIST = "candidate_list", pgettext_lazy("stage", "Candidate list")
    PUBLICITY = "publicity", pgettext_lazy("stage", "Publicity")
    APPROVAL = "approval", pgettext_lazy("stage", "Approval")
    ESTABLISHMENT = "establishment", pgettext_lazy("stage", "Establishment")


class Window(models.TextChoices):
    """Where a state's deadline stands: not set yet, running, passed."""

    PENDING = "pending", _("Not yet set")
    OPEN = "open", _("Running")
    CLOSED = "closed", _("Passed")


# Per stage, in the path's order: each state standing at it, with the
# window its deadline must be in (None: any).
PATH: tuple[tuple[str, dict[str, str | None]], ...] = (
    (Stage.APPLY, {State.DRAFT: None}),
    (
        Stage.MATERIAL_REVIEW,
        {
            State.SUBMITTED: None,
            State.MATERIAL_REVIEW: None,
            State.SUPPLEMENT_REQUESTED: None,
            State.RETURNED: None,
        },
    ),
    (Stage.FIELD_INSPECTION, {State.FIELD_INSPECTION: None}),
    (Stage.HEARING, {State.HEARING: None}),
    (Stage.EXPERT_REVIEW, {State.EXPERT_REVIEW: None}),
    (Stage.CANDIDATE_LIST, {State.REVIEWED: None, State.CANDIDATE: Window.PENDING}),
    (Stage.PUBLICITY, {State.CANDIDATE: Window.OPEN, State.REMOVED: None}),
    (Stage.APPROVAL, {State.CANDIDATE: Window.CLOSED}),
    (Stage.ESTABLISHMENT, {State.ESTABLISHED: None}),
)


def stage_of(state: str, window: str | None = None) -> str | None:
    """Returns the stage of the path ``state`` stands at (its deadline in
    ``window``), or None for a state that may have left the path anywhere
    (withdrawn, rejected)."""
    for stage, states in PATH:
        if state in states and states[state] in (None, window):
            return stage
    return None
