"""Writes of objections (异议) from the public to a candidate during the
publicity window (第十二条), and their handling by the bureau. The
objector's name and contact are private: never in the log, never in a
notification to anyone but the objector."""

import datetime
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.dates import SHANGHAI
from portal.core.errors import Refused
from portal.core.files import atomic_with_files, stored_file_save
from portal.core.notifications import NotificationEvent, notify, notify_address
from portal.core.uploads import sanitise_filename, upload_sha256, validate_upload

from ..models import CandidateList, Objection, ObjectionAttachment, ObjectionStatus
from ..notifications import ApplicationEvent
from ..roles import BUREAU, require
from ..selectors import publicity_status
from ..workflow import State
from .publicity import bureau_staff
from .transitions import application_transition

MAX_OBJECTION_FILES = 5
# All of an objection's attachments together: a few scans or photographs
# need far less, and it bounds what a refused form keeps (kept_files).
MAX_OBJECTION_BYTES = 100 * 2**20
MIN_GROUNDS_CHARS = 10
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def _window_text(status) -> str:
    return _("The publicity window runs from %(start)s to 24:00 on %(end)s (Beijing time).") % {
        "start": date_format(status.start, "DATE_FORMAT"),
        "end": date_format(status.end, "DATE_FORMAT"),
    }


def objection_window_problem(*, candidate_list: CandidateList, now=None) -> str | None:
    """Returns why objections to ``candidate_list`` are not accepted at
    ``now`` (with the window's dates), or None while its window is open."""
    status = publicity_status(candidate_list=candidate_list, now=now)
    if status is None:
        return _("This list is not under publicity.")
    if status.state == "pending":
        return _("Objections are not accepted yet.") + " " + _window_text(status)
    if status.state == "closed":
        return _("The publicity window has closed; objections are no longer accepted.") + (
            " " + _window_text(status)
        )
    return None


def _receipt_code() -> str:
    body = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))
    return f"YY{body}"


def _contact_problems(*, name: str, phone: str, email: str, grounds: str) -> list[str]:
    problems = []
    if not name.strip():
        problems.append(_("Give your real name or the name of your organisation."))
    if not phone.strip() and not email.strip():
        problems.append(_("Give a telephone number or an email address so that we can reply."))
    digits = "".join(c for c in phone if c.isdigit())
    if phone.strip() and not (7 <= len(digits) <= 15 and set(phone) <= set("0123456789-+ ()")):
        problems.append(_("The telephone number is not valid."))
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            problems.append(_("The email address is not valid."))
    if len(grounds.strip()) < MIN_GROUNDS_CHARS:
        problems.append(
            _("State the grounds of the objection (at least %(n)d characters).")
            % {"n": MIN_GROUNDS_CHARS}
        )
    return problems


def objection_upload_problems(*, uploads: list[UploadedFile]) -> list[str]:
    """Returns why any of ``uploads`` is refused (the applications' upload
    rules: kind by content, size, name), or an empty list."""
    problems = []
    if len(uploads) > MAX_OBJECTION_FILES:
        problems.append(_("Attach at most %(n)d files.") % {"n": MAX_OBJECTION_FILES})
    if sum(upload.size for upload in uploads) > MAX_OBJECTION_BYTES:
        problems.append(
            _("The attachments may be at most %(limit)d MB together.")
            % {"limit": MAX_OBJECTION_BYTES // 2**20}
        )
    for upload in uploads:
        try:
            validate_upload(upload)
        except ValidationError as refused:
            problems.extend(refused.messages)
    return problems


@atomic_with_files()
def objection_submit(
    *,
    candidate_list: CandidateList,
    application_id: int | None,
    name: str,
    phone: str,
    email: str,
    grounds: str,
    uploads: list[UploadedFile] = (),
    now: datetime.datetime | None = None,
) -> Objection:
    """Records an objection from the public against a candidate of a list
    under publicity and returns it with its receipt code.

    Accepted only while the window is open at ``now`` (checked under a lock
    on the list, so that an objection and the closing of the window are
    served one after the other). Raises ValidationError with every problem,
    and writes nothing, otherwise."""
    uploads = list(uploads)
    now = now or timezone.now()
    problems = _contact_problems(name=name, phone=phone, email=email, grounds=grounds)
    problems += objection_upload_problems(uploads=uploads)
    candidate_list = (
        CandidateList.objects.select_for_update(of=("self",))
        .select_related("period")
        .get(pk=candidate_list.pk)
    )
    window_problem = objection_window_problem(candidate_list=candidate_list, now=now)
    if window_problem:
        # The window decides first: nothing else matters once it is shut.
        raise ValidationError([window_problem])
    application = (
        candidate_list.applications.filter(pk=application_id).first() if application_id else None
    )
    if application is None:
        problems.insert(0, _("Choose the candidate you object to."))
    elif application.status != State.CANDIDATE:
        problems.insert(
            0,
            _("%(candidate)s is no longer on the list (%(state)s).")
            % {
                "candidate": application.organisation.name,
                "state": application.get_status_display(),
            },
        )
    if problems:
        raise ValidationError(problems)

    for _attempt in range(5):
        code = _receipt_code()
        try:
            with transaction.atomic():
                objection = Objection.objects.create(
                    candidate_list=candidate_list,
                    application=application,
                    receipt_code=code,
                    objector_name=name.strip(),
                    phone=phone.strip(),
                    email=email.strip(),
                    grounds=grounds.strip(),
                    submitted_at=now,
                )
            break
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    for upload in uploads:
        attachment = ObjectionAttachment(
            objection=objection,
            original_name=sanitise_filename(upload.name),
            content_kind=validate_upload(upload),
            size=upload.size,
            sha256=upload_sha256(upload),
        )
        stored_file_save(
            attachment.file, f"{secrets.token_hex(8)}-{attachment.original_name}", upload
        )
        attachment.save()
    # The log names the objection by its receipt code only: no identity.
    log(
        instance=objection,
        action="portal.objection.submit",
        data={
            "candidate_list": candidate_list.pk,
            "candidate": application.receipt_number,
            "attachments": len(uploads),
        },
    )
    notify(
        recipients=bureau_staff(candidate_list),
        event=ApplicationEvent.OBJECTION_RECEIVED,
        about=objection,
        context={
            "code": objection.receipt_code,
            "candidate": application.organisation.name,
            "list": candidate_list.title,
        },
    )
    _tell_objector(
        objection,
        ApplicationEvent.OBJECTION_RECEIPT,
        {
            "candidate": application.organisation.name,
            "list": candidate_list.title,
            "time": now.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
            "code": objection.receipt_code,
        },
    )
    return objection


def _tell_objector(objection: Objection, event: NotificationEvent, context: dict) -> None:
    if objection.email:
        notify_address(
            to=objection.email, event=event, about=objection, context=context, who="objector"
        )


@transaction.atomic
def objection_examine(*, objection: Objection, user: AbstractBaseUser) -> Objection:
    """Marks a received objection as being examined by ``user``; logged."""
    require(user, BUREAU, _("Only the bureau's reviewers handle objections."))
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.RECEIVED:
        raise Refused(
            [_("The objection is already %(state)s.") % {"state": objection.get_status_display()}]
        )
    objection.status = ObjectionStatus.EXAMINING
    objection.examined_by = user
    objection.save(update_fields=["status", "examined_by"])
    log(instance=objection, action="portal.objection.examine", user=user)
    return objection


@transaction.atomic
def objection_decide(
    *, objection: Objection, user: AbstractBaseUser, upheld: bool, reason: str
) -> Objection:
    """Decides an open objection with a written reason: upheld, the
    candidate leaves the list (the declared transition “uphold_objection”);
    dismissed, it stays. The objector (by email, if given) and, when upheld,
    the applicant are told; logged. Raises Refused otherwise."""
    require(user, BUREAU, _("Only the bureau's reviewers handle objections."))
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("application", "candidate_list")
        .get(pk=objection.pk)
    )
    if not objection.is_open:
        raise Refused(
            [
                _("The objection was already decided: %(state)s.")
                % {"state": objection.get_status_display()}
            ]
        )
    if not reason.strip():
        raise Refused([_("Write the reason for the decision.")])
    if upheld and objection.application.status == State.CANDIDATE:
        application_transition(
            application=objection.application,
            action="uphold_objection",
            user=user,
            reason=_("Objection %(code)s upheld: %(reason)s")
            % {"code": objection.receipt_code, "reason": reason.strip()},
        )
    objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.DISMISSED
    objection.decision_reason = reason.strip()
    objection.decided_by = user
    objection.decided_at = timezone.now()
    if objection.examined_by_id is None:
        objection.examined_by = user
    objection.save(
        update_fields=["status", "decision_reason", "decided_by", "decided_at", "examined_by"]
    )
    log(
        instance=objection,
        action="portal.objection.uphold" if upheld else "portal.objection.dismiss",
        user=user,
        data={
            "reason": objection.decision_reason,
            "candidate": objection.application.receipt_number,
        },
    )
    _tell_objector(
        objection,
        ApplicationEvent.OBJECTION_DECIDED,
        {
            "code": objection.receipt_code,
            "decision": _("upheld") if upheld else _("dismissed"),
            "reason": objection.decision_reason,
        },
    )
    return objection
