"""The one way an application changes state or gets a record: each is
checked against the declaration in applications.workflow — the state it is
in, the permission it takes, the applicant's own organisation, a reason
where one is required, a condition on record — and logged."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import NotAllowed, Refused

from ..eligibility import Result
from ..models import Application
from ..notifications import OUTCOME_EVENTS, application_notify
from ..roles import APPLY, may
from ..selectors import panel_summary
from ..workflow import (
    RECORD_PERMISSIONS,
    STATES,
    TRANSITIONS_BY_ACTION,
    State,
    Transition,
    states_allowing,
)
from .publicity import approval_problems


def _relaxation_granted_if_needed(application: Application) -> str | None:
    if application.eligibility.get("overall") != Result.NEEDS_RELAXATION_REVIEW:
        return None
    if application.relaxation_granted is None:
        return _("Decide the relaxation request first.")
    if not application.relaxation_granted:
        return _("The relaxation was refused: the materials cannot pass; reject the application.")
    return None


TRANSITION_CONDITIONS = {
    "relaxation_granted_if_needed": _relaxation_granted_if_needed,
    "inspection_on_record": lambda application: (
        None if application.inspections.exists() else _("Record the field inspection first.")
    ),
    "hearing_on_record": lambda application: (
        None if application.hearings.exists() else _("Record the hearing of opinions first.")
    ),
    "publicity_closed_unopposed": lambda application: approval_problems(application=application),
    "experts_done": lambda application: (
        None
        if panel_summary(application=application)["done"]
        else _("Every assigned expert must have scored or been excused, and at least one scored.")
    ),
}


def _member(application: Application, user: AbstractBaseUser) -> bool:
    return application.organisation.members.filter(pk=user.pk).exists()


def transition_check(
    *, application: Application, action: str, user: AbstractBaseUser | None, reason: str = ""
) -> Transition:
    """Returns the declared transition ``action`` if ``user`` (None: the
    system) may take it from the application's present state; raises
    Refused saying why otherwise."""
    transition = TRANSITIONS_BY_ACTION.get(action)
    if transition is None:
        raise Refused([_("Unknown action “%(action)s”.") % {"action": action}])
    if application.status not in transition.sources:
        raise Refused(
            [
                _("“%(action)s” cannot be taken: the application is now “%(state)s”.")
                % {"action": transition.label, "state": State(application.status).label}
            ]
        )
    not_allowed = [_("Your role may not take “%(action)s”.") % {"action": transition.label}]
    if transition.permission is None:
        if user is not None:
            raise Refused(not_allowed)
    elif user is None or not may(user, transition.permission):
        raise Refused(not_allowed)
    elif transition.by_applicant and not _member(application, user):
        # An applicant acts only on its own organisation's applications.
        raise Refused(not_allowed)
    if transition.requires_reason and not reason.strip():
        raise Refused([_("“%(action)s” needs a reason.") % {"action": transition.label}])
    if transition.condition:
        problem = TRANSITION_CONDITIONS[transition.condition](application)
        if problem:
            raise Refused([problem])
    return transition


@transaction.atomic
def application_transition(
    *,
    application: Application,
    action: str,
    user: AbstractBaseUser | None,
    reason: str = "",
    log_data: dict | None = None,
) -> Application:
    """Takes a workflow transition: locks the application's row (so two
    reviewers acting at once are served one after the other, and the second
    is judged on the first's result), checks it with transition_check,
    moves the state and logs ``portal.application.<action>`` with the actor,
    the reason, the states before and after and ``log_data``. An outcome
    (rejected, on the list, removed, established) is told to the applicant.
    Raises Refused and changes nothing when it is not allowed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    transition = transition_check(application=application, action=action, user=user, reason=reason)
    before = application.status
    application.status = transition.target
    application.save(update_fields=["status", "updated_at"])
    log(
        instance=application,
        action=f"portal.application.{transition.action}",
        user=user,
        data={
            "from": before,
            "to": transition.target,
            "reason": reason.strip(),
            **(log_data or {}),
        },
    )
    event = OUTCOME_EVENTS.get(transition.action)
    if event is not None:
        application_notify(
            application=application,
            event=event,
            context={
                "number": application.receipt_number,
                "state": State(transition.target).label,
                "reason": f"\n\n{reason.strip()}" if reason.strip() else "",
            },
        )
    return application


def record_check(
    *, application: Application, record: str, user: AbstractBaseUser, message: str = ""
) -> None:
    """Raises NotAllowed unless ``user`` may write ``record`` (an applicant
    only on its own organisation's application), and Refused — with
    ``message``, or naming the states that allow it — unless the
    application's state allows it (applications.workflow.STATES)."""
    permission = RECORD_PERMISSIONS[record]
    if not may(user, permission):
        raise NotAllowed([_("You may not do this.")])
    if permission == APPLY and not _member(application, user):
        raise NotAllowed([_("You may not do this.")])
    if record not in STATES[application.status].records:
        states = "、".join(str(State(s).label) for s in states_allowing(record))
        raise Refused(
            [
                message
                or _("This can be recorded only while the application is “%(state)s”.")
                % {"state": states}
            ]
        )
