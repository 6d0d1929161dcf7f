"""Writes of the expert review (论证评审): assigning experts, their
declaration on conflicts of interest, and their scores and opinion."""

from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import NotAllowed, Refused
from portal.core.notifications import notify

from ..models import Application, ExpertAssignment, ExpertScore
from ..notifications import ApplicationEvent
from ..roles import EXPERT_REVIEW, may
from ..selectors import criteria_for
from ..workflow import Record, State
from .review import application_locked_for


@transaction.atomic
def expert_assign(
    *, application: Application, user: AbstractBaseUser, expert: AbstractBaseUser
) -> ExpertAssignment:
    """Assigns an expert to an application in expert review and tells the
    expert."""
    application = application_locked_for(application, Record.EXPERTS, user)
    if not may(expert, EXPERT_REVIEW):
        raise Refused([_("Only accounts with the expert role can be assigned.")])
    if ExpertAssignment.objects.filter(application=application, expert=expert).exists():
        raise Refused([_("This expert is already assigned.")])
    assignment = ExpertAssignment.objects.create(
        application=application, expert=expert, assigned_by=user
    )
    log(
        instance=application,
        action="portal.application.expert_assign",
        user=user,
        data={"expert": expert.get_username()},
    )
    notify(
        recipients=[expert],
        event=ApplicationEvent.EXPERT_ASSIGNED,
        about=application,
        context={"number": application.receipt_number},
    )
    return assignment


@transaction.atomic
def expert_declare(
    *, assignment: ExpertAssignment, user: AbstractBaseUser, conflict: bool, note: str = ""
) -> ExpertAssignment:
    """The expert declares a conflict of interest (and is excused) or none
    (and may open the file)."""
    assignment = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.expert_id != user.pk:
        raise NotAllowed([_("You may not do this.")])
    if assignment.declared_no_conflict_at or assignment.excused_at:
        raise Refused([_("The declaration has been made already.")])
    now = timezone.now()
    if conflict:
        assignment.excused_at = now
        assignment.excuse_reason = note.strip() or _("Conflict of interest declared.")
    else:
        assignment.declared_no_conflict_at = now
    assignment.save()
    log(
        instance=assignment.application,
        action="portal.application.expert_declare",
        user=user,
        data={"conflict": conflict, "note": note.strip()},
    )
    return assignment


@transaction.atomic
def expert_scores_submit(
    *,
    assignment: ExpertAssignment,
    user: AbstractBaseUser,
    scores: dict[int, Decimal],
    opinion: str,
) -> ExpertAssignment:
    """Stores an expert's score for every criterion and the written opinion.
    Raises Refused when a score is missing or outside 0–maximum."""
    assignment = (
        ExpertAssignment.objects.select_for_update()
        .select_related("application")
        .get(pk=assignment.pk)
    )
    if assignment.expert_id != user.pk or not assignment.may_open_file:
        raise NotAllowed([_("You may not do this.")])
    if assignment.submitted_at is not None:
        raise Refused([_("The scores have been submitted already.")])
    if assignment.application.status != State.EXPERT_REVIEW:
        raise Refused([_("The expert review of this application is closed.")])
    problems = []
    criteria = criteria_for(assignment.application)
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or not (0 <= value <= criterion.max_score):
            problems.append(
                _("Score “%(criterion)s” from 0 to %(max)d.")
                % {"criterion": criterion.label, "max": criterion.max_score}
            )
    if not opinion.strip():
        problems.append(_("Write your opinion."))
    if problems:
        raise Refused(problems)
    ExpertScore.objects.bulk_create(
        ExpertScore(assignment=assignment, criterion=c, score=scores[c.pk]) for c in criteria
    )
    assignment.opinion = opinion.strip()
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["opinion", "submitted_at"])
    log(
        instance=assignment.application,
        action="portal.application.expert_score",
        user=user,
        data={"expert": user.get_username()},
    )
    return assignment
