"""After a supplement request (补正) — the bureau's practice, not the
measures': the applicant's request for more time and the bureau's grant or
refusal, the reopening of a returned application with a new deadline, and
the applicant's withdrawal of a returned application.

Every writer locks the application's row, then the supplement request's
(the order of supplements_expire and supplement_answer), so a grant and the
expiry sweep at the same moment are served one after the other and the
second judges the first's result."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import Refused
from portal.core.models import FirstDayRule, WorkingDayPeriod
from portal.core.notifications import notify
from portal.core.services import working_day_period_create

from ..models import Application, ExtensionStatus, SupplementExtension, SupplementRequest
from ..notifications import ApplicationEvent, application_notify
from ..workflow import Record
from .review import supplement_open
from .staff_notices import reviewers_notify
from .transitions import application_transition, record_check


def _locked(application: Application) -> tuple[Application, SupplementRequest | None]:
    """Returns the application and its open supplement request (None if
    none), both rows locked, in that order."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    supplement = (
        SupplementRequest.objects.select_for_update()
        .filter(application=application, answered_at__isnull=True, expired_at__isnull=True)
        .first()
    )
    return application, supplement


def _open_until(supplement: SupplementRequest | None, today: datetime.date) -> WorkingDayPeriod:
    """Returns the deadline of ``supplement`` if it still runs on ``today``;
    raises Refused otherwise."""
    if supplement is None:
        raise Refused([_("No supplement is asked for on this application now.")])
    period = WorkingDayPeriod.objects.get(pk=supplement.period_id)
    if period.end_date < today:
        raise Refused(
            [
                _("The supplement deadline (%(end)s) has passed: the application is returned.")
                % {"end": period.end_date.isoformat()}
            ]
        )
    return period


@transaction.atomic
def supplement_extension_request(
    *,
    application: Application,
    user: AbstractBaseUser,
    reason: str,
    working_days: int,
    today: datetime.date | None = None,
) -> SupplementExtension:
    """Asks, for the applicant, for ``working_days`` more working days to
    supplement, before the deadline passes; tells the reviewers responsible.
    The deadline stays until the bureau grants it: a request still pending
    when the deadline passes does not stop the application being returned.
    Raises NotAllowed (not a member of the applicant) or Refused (no open
    supplement request, deadline passed, one already pending, no reason)
    and changes nothing."""
    today = today or timezone.localdate()
    application, supplement = _locked(application)
    record_check(application=application, record=Record.EXTENSION, user=user)
    period = _open_until(supplement, today)
    if supplement.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Refused([_("A request for more time is already waiting for the bureau.")])
    if not reason.strip():
        raise Refused([_("Say why you need more time.")])
    if working_days < 1:
        raise Refused([_("Ask for at least one working day.")])
    extension = SupplementExtension.objects.create(
        supplement=supplement, reason=reason.strip(), working_days=working_days, requested_by=user
    )
    log(
        instance=application,
        action="portal.supplement.extension_request",
        user=user,
        data={
            "supplement": supplement.pk,
            "extension": extension.pk,
            "days": working_days,
            "end": period.end_date.isoformat(),
            "reason": extension.reason,
        },
    )
    notify(
        recipients=[u for u in (supplement.requested_by, period.responsible) if u is not None],
        event=ApplicationEvent.EXTENSION_REQUESTED,
        about=application,
        context={
            "number": application.receipt_number,
            "days": working_days,
            "end": period.end_date.isoformat(),
            "reason": extension.reason,
        },
    )
    return extension


@transaction.atomic
def supplement_extension_decide(
    *,
    extension: SupplementExtension,
    user: AbstractBaseUser,
    granted: bool,
    reason: str = "",
    working_days: int | None = None,
    today: datetime.date | None = None,
) -> SupplementExtension:
    """Grants or refuses a pending request for more time, while the
    deadline still runs. A grant gives the supplement request a new
    deadline: a working-day period of ``working_days`` (those asked for
    unless told) counted from the day after the old end, which is closed
    and kept on the extension. A refusal needs a reason. Tells the
    applicant. Raises NotAllowed or Refused (not pending, deadline passed —
    the sweep has or will have returned the application) and changes
    nothing."""
    today = today or timezone.localdate()
    application, supplement = _locked(extension.supplement.application)
    record_check(application=application, record=Record.EXTENSION_DECIDE, user=user)
    extension = SupplementExtension.objects.select_for_update().get(pk=extension.pk)
    if extension.status != ExtensionStatus.PENDING or supplement is None:
        raise Refused([_("This request for more time has already been dealt with.")])
    if extension.supplement_id != supplement.pk:
        raise Refused([_("This request for more time has already been dealt with.")])
    period = _open_until(supplement, today)
    now = timezone.now()
    extension.decided_by, extension.decided_at = user, now
    extension.decision_reason = reason.strip()
    if granted:
        days = working_days or extension.working_days
        if days < 1:
            raise Refused([_("Give at least one working day.")])
        new = working_day_period_create(
            kind="supplement",
            label=_("Supplement for %(number)s") % {"number": application.receipt_number},
            anchor_date=period.end_date,
            working_days=days,
            first_day_rule=FirstDayRule.NEXT_DAY,
            responsible=user,
            owner=application,
        )
        period.closed_at = now
        period.save(update_fields=["closed_at"])
        supplement.period = new
        supplement.save(update_fields=["period"])
        extension.status, extension.previous_period = ExtensionStatus.GRANTED, period
        action, event, end = "extension_grant", ApplicationEvent.EXTENSION_GRANTED, new.end_date
        data = {"days": days, "old_end": period.end_date.isoformat()}
        told = f"\n\n{extension.decision_reason}" if extension.decision_reason else ""
    else:
        if not extension.decision_reason:
            raise Refused([_("Give the reason for refusing more time.")])
        extension.status = ExtensionStatus.REFUSED
        action, event, end = "extension_refuse", ApplicationEvent.EXTENSION_REFUSED, period.end_date
        data = {}
        told = extension.decision_reason
    extension.save()
    log(
        instance=application,
        action=f"portal.supplement.{action}",
        user=user,
        data={
            "supplement": supplement.pk,
            "extension": extension.pk,
            "end": end.isoformat(),
            "reason": extension.decision_reason,
            **data,
        },
    )
    application_notify(
        application=application,
        event=event,
        context={"number": application.receipt_number, "end": end.isoformat(), "reason": told},
    )
    return extension


@transaction.atomic
def supplement_reopen(
    *, application: Application, user: AbstractBaseUser, items: list[dict], message: str
) -> SupplementRequest:
    """Reopens a returned application (transition reopen_supplement) with a
    new supplement request and deadline (see supplement_open); with no
    ``items``, the last request's are asked for again. Tells the applicant.
    Raises Refused as application_transition and changes nothing."""
    last = application.supplement_requests.order_by("-created_at", "-pk").first()
    items = items or (last.items if last else [])
    if not items:
        raise Refused([_("List at least one thing to add.")])
    application = application_transition(
        application=application, action="reopen_supplement", user=user, reason=message
    )
    supplement = supplement_open(
        application=application,
        user=user,
        items=items,
        message=message,
        event=ApplicationEvent.SUPPLEMENT_REOPENED,
    )
    log(
        instance=application,
        action="portal.supplement.reopen",
        user=user,
        data={
            "supplement": supplement.pk,
            "end": supplement.period.end_date.isoformat(),
            "days": supplement.period.working_days,
            "items": [item["slot"] for item in items],
        },
    )
    return supplement


@transaction.atomic
def application_withdraw(
    *, application: Application, user: AbstractBaseUser, reason: str
) -> Application:
    """Withdraws, for the applicant, an application under review, asked for
    a supplement or returned (transition withdraw, with its reason); an
    open supplement request is closed with it, so the sweep leaves it be.
    Raises NotAllowed or Refused as application_transition and changes
    nothing."""
    application = application_transition(
        application=application, action="withdraw", user=user, reason=reason
    )
    now = timezone.now()
    for supplement in application.supplement_requests.select_for_update().filter(
        answered_at__isnull=True, expired_at__isnull=True
    ):
        WorkingDayPeriod.objects.filter(pk=supplement.period_id).update(closed_at=now)
        supplement.extensions.filter(status=ExtensionStatus.PENDING).update(
            status=ExtensionStatus.LAPSED, decided_at=now
        )
    reviewers_notify(application=application, event=ApplicationEvent.WITHDRAWN, reason=reason)
    # The applicant withdrew it itself; the counties taking part learn it.
    application_notify(
        application=application,
        event=ApplicationEvent.WITHDRAWN,
        applicant=False,
        context={
            "number": application.receipt_number,
            "name": application.organisation.name,
            "reason": reason.strip(),
        },
    )
    return application
