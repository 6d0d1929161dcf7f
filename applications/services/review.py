"""Writes of the bureau's review (第十条–第十一条): supplement requests and
their deadlines, the decision on relaxation, field inspections and
hearings of opinions. What may be recorded in which state is declared in
applications.workflow.STATES."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import Refused
from portal.core.files import atomic_with_files, stored_file_save
from portal.core.models import FirstDayRule, WorkingDayPeriod
from portal.core.services import working_day_period_create
from portal.core.uploads import sanitise_filename, validate_upload

from ..models import (
    Application,
    ExtensionStatus,
    FieldInspection,
    Hearing,
    InspectionPhoto,
    SupplementRequest,
)
from ..notifications import ApplicationEvent, application_notify
from ..selectors import rules_on
from ..workflow import Record, State
from .staff_notices import reviewers_notify
from .transitions import application_transition, record_check


def application_locked_for(
    application: Application, record: str, user: AbstractBaseUser
) -> Application:
    """Returns the application locked, once ``user`` may write ``record``
    on it in its present state (see record_check)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    record_check(application=application, record=record, user=user)
    return application


def supplement_working_days(application: Application) -> int:
    """The working days a supplement request gives: the bureau's practice
    (补正), not a number of the measures, read from the rules the
    application was judged by at submission, else the rules in force."""
    return application.rules_snapshot.get("supplement_working_days") or (
        rules_on(day=timezone.localdate()).supplement_working_days
    )


def supplement_open(
    *,
    application: Application,
    user: AbstractBaseUser,
    items: list[dict],
    message: str,
    event=ApplicationEvent.SUPPLEMENT_REQUESTED,
) -> SupplementRequest:
    """Stores a supplement request on ``application`` (already moved to
    supplement_requested) with a deadline of supplement_working_days
    counted from the next day, and tells the applicant with ``event``."""
    period = working_day_period_create(
        kind="supplement",
        label=_("Supplement for %(number)s") % {"number": application.receipt_number},
        anchor_date=timezone.localdate(),
        working_days=supplement_working_days(application),
        first_day_rule=FirstDayRule.NEXT_DAY,
        responsible=user,
        owner=application,
    )
    request = SupplementRequest.objects.create(
        application=application,
        items=items,
        message=message.strip(),
        period=period,
        requested_by=user,
    )
    application_notify(
        application=application,
        event=event,
        context={
            "number": application.receipt_number,
            "message": request.message,
            "end": period.end_date.isoformat(),
            "days": period.working_days,
        },
    )
    return request


@transaction.atomic
def supplement_request(
    *, application: Application, user: AbstractBaseUser, items: list[dict], message: str
) -> SupplementRequest:
    """Asks the applicant for missing material: moves the application to
    supplement_requested, stores what to add with a deadline of the rule
    set's supplement working days (see supplement_open), and tells the
    applicant. Raises Refused as application_transition."""
    if not items:
        raise Refused([_("List at least one thing to add.")])
    application = application_transition(
        application=application, action="request_supplement", user=user, reason=message
    )
    return supplement_open(application=application, user=user, items=items, message=message)


@transaction.atomic
def supplement_answer(*, application: Application, user: AbstractBaseUser) -> Application:
    """Resubmits after a supplement: closes the open request and its
    deadline, and returns the application to material review. Earlier
    files stay: the history keeps both versions."""
    application = application_transition(application=application, action="resubmit", user=user)
    now = timezone.now()
    reviewers = [
        r.requested_by
        for r in application.supplement_requests.filter(
            answered_at__isnull=True, expired_at__isnull=True
        ).select_related("requested_by")
    ]
    reviewers_notify(application=application, event=ApplicationEvent.RESUBMITTED, also=reviewers)
    for request in (
        application.supplement_requests.select_for_update()
        .filter(answered_at__isnull=True, expired_at__isnull=True)
        .select_related("period")
    ):
        request.answered_at = now
        request.save(update_fields=["answered_at"])
        request.extensions.filter(status=ExtensionStatus.PENDING).update(
            status=ExtensionStatus.LAPSED, decided_at=now
        )
        request.period.closed_at = now
        request.period.save(update_fields=["closed_at"])
    return application


def supplements_expire(*, today=None) -> list[int]:
    """Returns the applications whose open supplement request is past its
    deadline, each now returned with that reason (one transaction each, so
    one failure does not hold back the others).

    The deadline is final unless an extension was granted: a request for
    more time still pending when the deadline passes does not hold the
    expiry back; it lapses with the request. Each request is judged again
    once its application's and its own rows are locked (in that order, as
    every writer of a supplement does), so a grant moving the deadline at
    the same moment is either seen here or refused there, never both."""
    today = today or timezone.localdate()
    expired = []
    overdue = SupplementRequest.objects.filter(
        answered_at__isnull=True,
        expired_at__isnull=True,
        period__end_date__lt=today,
        application__status=State.SUPPLEMENT_REQUESTED,
    )
    for request in overdue:
        with transaction.atomic():
            Application.objects.select_for_update().get(pk=request.application_id)
            locked = SupplementRequest.objects.select_for_update().get(pk=request.pk)
            period = WorkingDayPeriod.objects.get(pk=locked.period_id)
            if not locked.is_open or period.end_date >= today:
                continue  # answered, expired by another beat process, or extended
            reason = _("The supplement was not provided by %(end)s.") % {
                "end": period.end_date.isoformat()
            }
            application = application_transition(
                application=locked.application,
                action="expire_supplement",
                user=None,
                reason=reason,
            )
            now = timezone.now()
            locked.expired_at = now
            locked.save(update_fields=["expired_at"])
            period.closed_at = now
            period.save(update_fields=["closed_at"])
            locked.extensions.filter(status=ExtensionStatus.PENDING).update(
                status=ExtensionStatus.LAPSED, decided_at=now
            )
            application_notify(
                application=application,
                event=ApplicationEvent.RETURNED,
                context={
                    "number": application.receipt_number,
                    "end": period.end_date.isoformat(),
                },
            )
            expired.append(locked.application_id)
    return expired


@transaction.atomic
def relaxation_decide(
    *, application: Application, user: AbstractBaseUser, granted: bool, reason: str
) -> Application:
    """Grants or refuses a special or endangered project's request to relax
    the thresholds (第七条（六）), with a written reason, during material
    review."""
    application = application_locked_for(application, Record.RELAXATION, user)
    if not application.relaxation_requested:
        raise Refused([_("This application did not ask for relaxation.")])
    if not reason.strip():
        raise Refused([_("Give the reason for the decision.")])
    application.relaxation_granted = granted
    application.relaxation_decision_reason = reason.strip()
    application.save(
        update_fields=["relaxation_granted", "relaxation_decision_reason", "updated_at"]
    )
    log(
        instance=application,
        action="portal.application.relaxation_decide",
        user=user,
        data={"granted": granted, "reason": reason.strip()},
    )
    return application


@atomic_with_files()
def inspection_record(
    *,
    application: Application,
    user: AbstractBaseUser,
    inspected_on,
    inspectors: str,
    findings: str,
    photos=(),
) -> FieldInspection:
    """Records a field inspection (实地考察) with its photographs (JPEG or
    PNG, checked by content)."""
    application = application_locked_for(application, Record.INSPECTION, user)
    for photo in photos:
        if validate_upload(photo) not in ("jpeg", "png"):
            raise ValidationError(_("Photographs must be JPEG or PNG images."))
    inspection = FieldInspection.objects.create(
        application=application,
        inspected_on=inspected_on,
        inspectors=inspectors.strip(),
        findings=findings.strip(),
        recorded_by=user,
    )
    for photo in photos:
        name = sanitise_filename(photo.name)
        record = InspectionPhoto(inspection=inspection, original_name=name)
        stored_file_save(record.file, name, photo)
        record.save()
    log(
        instance=application,
        action="portal.application.inspection_record",
        user=user,
        data={
            "date": str(inspected_on),
            "inspectors": inspection.inspectors,
            "photos": len(photos),
        },
    )
    return inspection


@transaction.atomic
def hearing_record(
    *, application: Application, user: AbstractBaseUser, held_on, heard: str, summary: str
) -> Hearing:
    """Records a hearing of opinions (听取意见): when, whose, what was said."""
    application = application_locked_for(application, Record.HEARING, user)
    hearing = Hearing.objects.create(
        application=application,
        held_on=held_on,
        heard=heard.strip(),
        summary=summary.strip(),
        recorded_by=user,
    )
    log(
        instance=application,
        action="portal.application.hearing_record",
        user=user,
        data={"date": str(held_on), "heard": hearing.heard},
    )
    return hearing
