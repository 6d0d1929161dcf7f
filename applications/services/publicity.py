"""Writes of the publicity step (公示, 第十二条): publishing a candidate list,
objections and their handling, closing the window.

The window is a stored working-day period (portal.WorkingDayPeriod) whose
dates the public sees; whether it is open is always judged at the moment
of the request, in Asia/Shanghai time, by selectors.publicity_status."""

import datetime
import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.dates import cn_date
from portal.core.models import WorkingDayPeriod
from portal.core.notifications import notify, notify_address
from portal.core.pdf import pdf_replace, render_pdf
from portal.core.services.periods import working_day_period_create
from portal.core.uploads import sanitise_filename, validate_upload

from ..models import (
    OPEN_OBJECTION_STATES,
    Application,
    CandidateList,
    Objection,
    ObjectionAttachment,
    ObjectionStatus,
)
from ..roles import Role
from ..selectors import SHANGHAI, bureau_reviewers, publicity_candidates, publicity_status
from ..workflow import State
from . import TransitionRefused, application_transition

PUBLICITY_KIND = "publicity"
MAX_OBJECTION_FILES = 5
MIN_GROUNDS_CHARS = 10
RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I


def _bureau_staff(candidate_list: CandidateList) -> list[AbstractBaseUser]:
    staff = bureau_reviewers()
    if candidate_list.period and candidate_list.period.responsible:
        staff.append(candidate_list.period.responsible)
    return staff


@transaction.atomic
def candidate_list_publish(
    *,
    candidate_list: CandidateList,
    user: AbstractBaseUser,
    title: str,
    document_number: str,
    body: str,
    contact: str,
    published_on: datetime.date | None = None,
    allow_past: bool = False,
):
    """Publishes a candidate list for publicity, in one step: computes and
    stores its window from the measures in force on ``published_on``
    (today by default; never a past day, unless ``allow_past`` — only for
    recording history, as the demo does), creates and publishes its
    PublicityPage, and queues the notice PDF. Returns the page. Raises
    TransitionRefused, changing nothing, when the list cannot be published."""
    from cms.models import PublicityPage
    from cms.selectors import portal_settings
    from cms.services import site_tree_ensure

    candidate_list = CandidateList.objects.select_for_update().get(pk=candidate_list.pk)
    today = timezone.localdate()
    published_on = published_on or today
    problems = []
    if candidate_list.period_id:
        problems.append(_("This candidate list has already been published."))
    if published_on < today and not allow_past:
        problems.append(_("The publication date cannot be in the past."))
    for field, label in ((title, _("title")), (body, _("notice text")), (contact, _("contact"))):
        if not field.strip():
            problems.append(_("Fill in the %(field)s.") % {"field": label})
    not_candidates = candidate_list.applications.exclude(status=State.CANDIDATE)
    for application in not_candidates:
        problems.append(
            _("%(application)s is no longer a candidate (%(state)s).")
            % {"application": application, "state": application.get_status_display()}
        )
    if problems:
        raise TransitionRefused(problems)

    period = working_day_period_create(
        kind=PUBLICITY_KIND,
        label=title.strip(),
        anchor_date=published_on,
        responsible=user,
        owner=candidate_list,
    )
    tree = site_tree_ensure()
    settings = portal_settings()
    page = PublicityPage(
        title=title.strip(),
        slug=f"{published_on:%Y%m%d}-{candidate_list.pk}",
        candidate_list=candidate_list,
        document_number=document_number.strip(),
        issuing_body=settings.bureau_name,
        date=published_on,
        body=body.strip(),
        contact=contact.strip(),
    )
    tree.publicity_index.add_child(instance=page)
    page.save_revision(user=user, log_action=False).publish(user=user)

    candidate_list.period = period
    candidate_list.published_on = published_on
    candidate_list.document_number = document_number.strip()
    candidate_list.publicity_page = page
    candidate_list.save(
        update_fields=["period", "published_on", "document_number", "publicity_page"]
    )
    log(
        instance=candidate_list,
        action="portal.candidate_list.publish",
        user=user,
        data={
            "page": page.pk,
            "published_on": published_on.isoformat(),
            "start": period.start_date.isoformat(),
            "end": period.end_date.isoformat(),
            "provisional": period.provisional,
            "working_days": period.working_days,
        },
    )
    transaction.on_commit(lambda: _queue_notice_pdf(candidate_list.pk))
    return page


def _queue_notice_pdf(candidate_list_id: int) -> None:
    from ..tasks import publicity_notice_render

    publicity_notice_render.delay(candidate_list_id)


@transaction.atomic
def publicity_notice_render(*, candidate_list_id: int) -> CandidateList | None:
    """Renders the publicity notice as a PDF in the layout of official
    documents (GB/T 9704-2012) and stores it on the list; returns the list,
    or None when it is gone or unpublished. Rendering again replaces it."""
    candidate_list = (
        CandidateList.objects.select_for_update(of=("self",))
        .select_related("period", "page")
        .filter(pk=candidate_list_id, period__isnull=False)
        .first()
    )
    if candidate_list is None:
        return None
    page = candidate_list.page
    pdf = render_pdf(
        "pdf/publicity.html",
        {
            "page": page,
            "period": candidate_list.period,
            "candidates": publicity_candidates(candidate_list=candidate_list),
            "start": cn_date(candidate_list.period.start_date),
            "end": cn_date(candidate_list.period.end_date),
            "date": cn_date(page.date),
        },
    )
    stored = pdf_replace(candidate_list.notice_pdf, filename=f"{page.slug}.pdf", data=pdf)
    candidate_list.save(update_fields=["notice_pdf"])
    log(instance=candidate_list, action="portal.candidate_list.notice_pdf", data=stored)
    return candidate_list


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
    for upload in uploads:
        try:
            validate_upload(upload)
        except ValidationError as refused:
            problems.extend(refused.messages)
    return problems


@transaction.atomic
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
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = ObjectionAttachment(
            objection=objection,
            original_name=sanitise_filename(upload.name),
            content_kind=validate_upload(upload),
            size=upload.size,
            sha256=digest.hexdigest(),
        )
        attachment.file.save(f"{secrets.token_hex(8)}-{attachment.original_name}", upload, False)
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
    staff = _bureau_staff(candidate_list)
    subject = _("New objection %(code)s to %(candidate)s") % {
        "code": objection.receipt_code,
        "candidate": application.organisation.name,
    }
    body = _(
        "An objection was received on the publicity list “%(list)s”. Examine it in the admin "
        "under Objections."
    ) % {"list": candidate_list.title}
    transaction.on_commit(
        lambda: notify(
            recipients=staff, subject=subject, body=body, about=objection, event="objection.submit"
        )
    )
    if objection.email:
        _tell_objector(
            objection,
            _("Your objection has been received: %(code)s") % {"code": objection.receipt_code},
            _(
                "Your objection to %(candidate)s on the list “%(list)s” was received at "
                "%(time)s. Receipt code: %(code)s. Use it on the publicity page to follow how it "
                "is handled."
            )
            % {
                "candidate": application.organisation.name,
                "list": candidate_list.title,
                "time": now.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S"),
                "code": objection.receipt_code,
            },
            "objection.receipt",
        )
    return objection


def _tell_objector(objection: Objection, subject: str, body: str, event: str) -> None:
    if objection.email:
        notify_address(
            to=objection.email,
            subject=subject,
            body=body,
            about=objection,
            event=event,
            who="objector",
        )


def _staff_or_refuse(user: AbstractBaseUser) -> None:
    from . import user_roles

    if not user_roles(user) & {Role.MUNICIPAL_REVIEWER, Role.ADMIN}:
        raise TransitionRefused([_("Only the bureau's reviewers handle objections.")])


@transaction.atomic
def objection_examine(*, objection: Objection, user: AbstractBaseUser) -> Objection:
    """Marks a received objection as being examined by ``user``; logged."""
    _staff_or_refuse(user)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != ObjectionStatus.RECEIVED:
        raise TransitionRefused(
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
    the applicant are told; logged. Raises TransitionRefused otherwise."""
    _staff_or_refuse(user)
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("application", "candidate_list")
        .get(pk=objection.pk)
    )
    if not objection.is_open:
        raise TransitionRefused(
            [
                _("The objection was already decided: %(state)s.")
                % {"state": objection.get_status_display()}
            ]
        )
    if not reason.strip():
        raise TransitionRefused([_("Write the reason for the decision.")])
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
        _("Decision on your objection %(code)s") % {"code": objection.receipt_code},
        _("Your objection %(code)s was %(decision)s.\n\nReason: %(reason)s")
        % {
            "code": objection.receipt_code,
            "decision": _("upheld") if upheld else _("dismissed"),
            "reason": objection.decision_reason,
        },
        "objection.decide",
    )
    return objection


def publicity_close(*, candidate_list_id: int, now: datetime.datetime | None = None) -> bool:
    """Records the end of a list's publicity window once it has passed:
    stamps the period closed, counts the objections received, logs it and
    tells the bureau. Returns True if this call closed it; False when the
    window is still running or was closed already (by another worker, a
    retried task or a second beat), so it is closed exactly once."""
    now = now or timezone.now()
    with transaction.atomic():
        candidate_list = (
            CandidateList.objects.select_for_update(of=("self",))
            .select_related("period")
            .filter(pk=candidate_list_id, period__isnull=False)
            .first()
        )
        if candidate_list is None:
            return False
        status = publicity_status(candidate_list=candidate_list, now=now)
        if now < status.closes_at:
            return False
        # The conditional update is the guard: only one caller sees a row.
        if not WorkingDayPeriod.objects.filter(
            pk=candidate_list.period_id, closed_at__isnull=True
        ).update(closed_at=now):
            return False
        objections = candidate_list.objections.all()
        received = objections.count()
        still_open = objections.filter(status__in=OPEN_OBJECTION_STATES).count()
        candidate_list.objections_at_close = received
        candidate_list.save(update_fields=["objections_at_close"])
        log(
            instance=candidate_list,
            action="portal.candidate_list.close",
            data={
                "end": status.end.isoformat(),
                "objections": received,
                "open_objections": still_open,
            },
        )
        staff = _bureau_staff(candidate_list)
        subject = _("Publicity closed: %(list)s — %(n)d objection(s)") % {
            "list": candidate_list.title,
            "n": received,
        }
        body = _(
            "The publicity window of “%(list)s” (%(start)s to %(end)s) has closed. Objections "
            "received: %(n)d; still to decide: %(open)d. Approval may be recorded for candidates "
            "with no open or upheld objection."
        ) % {
            "list": candidate_list.title,
            "start": status.start.isoformat(),
            "end": status.end.isoformat(),
            "n": received,
            "open": still_open,
        }
        transaction.on_commit(
            lambda: notify(
                recipients=staff,
                subject=subject,
                body=body,
                about=candidate_list,
                event="publicity.close",
            )
        )
    return True


def publicity_close_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Closes every publicity window whose last day is over at ``now`` and
    returns the ids of the lists this call closed (each in its own
    transaction: one failure does not hold up the others)."""
    now = now or timezone.now()
    today = now.astimezone(SHANGHAI).date()
    due = CandidateList.objects.filter(
        period__closed_at__isnull=True, period__end_date__lt=today
    ).values_list("pk", flat=True)
    return [pk for pk in list(due) if publicity_close(candidate_list_id=pk, now=now)]


def approval_problems(*, application: Application, now=None) -> str | None:
    """Returns why the municipal government's approval cannot be recorded
    for ``application`` now, or None: its publicity window must have closed
    and no objection to it may be open or upheld (第十二条 “无异议的”)."""
    if application.status == State.REMOVED:
        return _("%(candidate)s left the list after an objection was upheld.") % {
            "candidate": application.organisation.name
        }
    if application.status != State.CANDIDATE:
        return _("%(candidate)s is not a candidate awaiting approval (%(state)s).") % {
            "candidate": application.organisation.name,
            "state": application.get_status_display(),
        }
    candidate_list = (
        application.candidate_lists.filter(period__isnull=False).select_related("period").first()
    )
    if candidate_list is None:
        return _("%(candidate)s has not been publicised.") % {
            "candidate": application.organisation.name
        }
    status = publicity_status(candidate_list=candidate_list, now=now)
    if status.state != "closed":
        return _("The publicity window of %(candidate)s runs until 24:00 on %(end)s.") % {
            "candidate": application.organisation.name,
            "end": status.end.isoformat(),
        }
    blocking = application.objections.filter(
        Q(status__in=OPEN_OBJECTION_STATES) | Q(status=ObjectionStatus.UPHELD)
    ).first()
    if blocking is not None:
        if blocking.is_open:
            return _("Objection %(code)s to %(candidate)s is still open: decide it first.") % {
                "code": blocking.receipt_code,
                "candidate": application.organisation.name,
            }
        return _("Objection %(code)s to %(candidate)s was upheld.") % {
            "code": blocking.receipt_code,
            "candidate": application.organisation.name,
        }
    return None
