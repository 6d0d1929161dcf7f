"""Writes of a unit's annual self-assessment (第二十九条, 第三十五条): the
draft, its public comment period on the unit's public page (comments with
the protections of objections: a real name and a contact, kept private),
the filing with the bureau and the bureau's answer."""

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

from applications.roles import BUREAU, Role, require, role_members
from applications.selectors import rules_on
from portal.core.errors import Refused
from portal.core.files import atomic_with_files, file_store
from portal.core.notifications import notify
from portal.core.selectors import period_status
from portal.core.services.periods import working_day_period_create
from portal.core.uploads import upload_problems

from ..models import (
    AssessmentStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ProtectedUnit,
    PublicComment,
    SelfAssessment,
)
from ..notifications import UnitEvent, unit_notify
from .filing import (
    obligation_locked,
    obligation_move,
    unit_member_or_refuse,
)

COMMENT_KIND = "self_assessment_comment"
MIN_COMMENT_CHARS = 5


def _assessment_problems(assessment: SelfAssessment) -> list[str]:
    problems = []
    if not [w for w in assessment.key_work if str(w).strip()]:
        problems.append(_("List the year's key work."))
    if not assessment.summary.strip():
        problems.append(_("Write the summary of the report."))
    if not assessment.report:
        problems.append(_("Attach the self-assessment report."))
    if not [e for e in assessment.events if e.get("name", "").strip()]:
        problems.append(
            _("Record at least one influential exhibition event held in the year (Article 29).")
        )
    return problems


@atomic_with_files()
def assessment_save(
    *,
    unit: ProtectedUnit,
    user: AbstractBaseUser,
    year: int,
    key_work: list[str],
    summary: str,
    events: list[dict],
    upload: UploadedFile | None = None,
    personal_data_removed: bool = False,
) -> SelfAssessment:
    """Saves the draft of a year's self-assessment (new, or a draft or a
    returned one); incomplete drafts are kept, completeness is judged when
    the comment period opens. ``personal_data_removed`` is the unit's
    confirmation that the report has no personal data: stored with who and
    when (again for a new file), it lets the report itself be published
    with the draft for comment (第三十五条); without it only the summary is.
    Raises Refused for a file refused or a self-assessment already
    published."""
    unit = ProtectedUnit.objects.select_for_update().get(pk=unit.pk)
    unit_member_or_refuse(unit, user)
    assessment = SelfAssessment.objects.select_for_update().filter(unit=unit, year=year).first()
    if assessment is not None and assessment.status not in (
        AssessmentStatus.DRAFT,
        AssessmentStatus.RETURNED,
    ):
        raise Refused([_("This self-assessment is no longer a draft.")])
    if upload is not None:
        problems: list[str] = []
        problems += upload_problems(upload, missing="")
        if problems:
            raise Refused(problems)
    if assessment is None:
        assessment = SelfAssessment(unit=unit, year=year, created_by=user)
    assessment.key_work = [w.strip() for w in key_work if w and w.strip()]
    assessment.summary = summary.strip()
    assessment.events = [
        {k: str(v).strip() for k, v in e.items()} for e in events if str(e.get("name", "")).strip()
    ]
    if upload is not None:
        if assessment.report:
            assessment.report.delete(save=False)
        assessment.report_name = file_store(assessment.report, upload)
    if not (personal_data_removed and assessment.report):
        assessment.personal_data_removed_by = assessment.personal_data_removed_at = None
    elif upload is not None or assessment.personal_data_removed_at is None:
        assessment.personal_data_removed_by = user
        assessment.personal_data_removed_at = timezone.now()
    if assessment.status == AssessmentStatus.RETURNED:
        assessment.status = AssessmentStatus.DRAFT
    assessment.obligation = (
        assessment.obligation
        or Obligation.objects.filter(
            unit=unit, kind=ObligationKind.SELF_ASSESSMENT, period=year
        ).first()
    )
    assessment.save()
    log(
        instance=assessment,
        action="portal.assessment.save",
        user=user,
        data={
            "year": year,
            "personal_data_removed": assessment.personal_data_removed_at is not None,
        },
    )
    return assessment


@transaction.atomic
def assessment_comment_open(*, assessment: SelfAssessment, user: AbstractBaseUser):
    """Publishes a complete draft on the unit's public page and opens the
    public comment period (the rules' working days from today)."""
    assessment = (
        SelfAssessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)
    )
    unit_member_or_refuse(assessment.unit, user)
    if assessment.status != AssessmentStatus.DRAFT:
        raise Refused([_("Only a draft is published for comment.")])
    problems = _assessment_problems(assessment)
    if problems:
        raise Refused(problems)
    rules = rules_on(day=assessment.unit.established_on)
    assessment.comment_period = working_day_period_create(
        kind=COMMENT_KIND,
        label=f"{assessment.unit.name} {assessment.year}",
        anchor_date=timezone.localdate(),
        working_days=rules.comment_working_days,
        first_day_rule="same_day",
        owner=assessment,
    )
    assessment.status = AssessmentStatus.COMMENTING
    assessment.save(update_fields=["comment_period", "status"])
    log(
        instance=assessment,
        action="portal.assessment.comment_open",
        user=user,
        data={
            "start": assessment.comment_period.start_date.isoformat(),
            "end": assessment.comment_period.end_date.isoformat(),
        },
    )
    return assessment


def comment_window_problem(*, assessment: SelfAssessment, now=None) -> str | None:
    """Returns why comments on ``assessment`` are not accepted at ``now``
    (with the period's dates), or None while its comment period is open."""
    if assessment.comment_period is None or assessment.status != AssessmentStatus.COMMENTING:
        return _("This self-assessment is not open for comment.")
    status = period_status(period=assessment.comment_period, now=now)
    if status.state == "open":
        return None
    return _("Comments are accepted from %(start)s to 24:00 on %(end)s.") % {
        "start": date_format(status.start, "DATE_FORMAT"),
        "end": date_format(status.end, "DATE_FORMAT"),
    }


@transaction.atomic
def comment_submit(
    *,
    assessment: SelfAssessment,
    name: str,
    phone: str,
    email: str,
    text: str,
    now: datetime.datetime | None = None,
) -> PublicComment:
    """Records a comment from the public on a self-assessment under comment,
    with the protections of objections: a real name and a contact, kept
    private. Raises ValidationError with every problem, writing nothing."""
    now = now or timezone.now()
    assessment = (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("comment_period", "unit")
        .get(pk=assessment.pk)
    )
    window = comment_window_problem(assessment=assessment, now=now)
    if window:
        raise ValidationError([window])
    problems = []
    if not name.strip():
        problems.append(_("Give your real name or the name of your organisation."))
    if not phone.strip() and not email.strip():
        problems.append(_("Give a telephone number or an email address so that we can reply."))
    if email.strip():
        try:
            validate_email(email.strip())
        except ValidationError:
            problems.append(_("The email address is not valid."))
    if len(text.strip()) < MIN_COMMENT_CHARS:
        problems.append(
            _("Write your comment (at least %(n)d characters).") % {"n": MIN_COMMENT_CHARS}
        )
    if problems:
        raise ValidationError(problems)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                comment = PublicComment.objects.create(
                    assessment=assessment,
                    receipt_code="PL" + secrets.token_hex(5).upper(),
                    name=name.strip(),
                    phone=phone.strip(),
                    email=email.strip(),
                    text=text.strip(),
                    submitted_at=now,
                )
            break
        except IntegrityError:
            continue
    log(instance=comment, action="portal.assessment.comment", data={"year": assessment.year})
    return comment


@transaction.atomic
def assessment_submit(*, assessment: SelfAssessment, user: AbstractBaseUser, now=None):
    """Files the self-assessment with the bureau once its comment period is
    over; the comments received go with it."""
    assessment = (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("unit", "comment_period")
        .get(pk=assessment.pk)
    )
    unit_member_or_refuse(assessment.unit, user)
    if assessment.status != AssessmentStatus.COMMENTING:
        raise Refused([_("Publish the draft for public comment first.")])
    status = period_status(period=assessment.comment_period, now=now)
    if status.state != "closed":
        raise Refused(
            [
                _("The public comment period runs until 24:00 on %(end)s.")
                % {"end": date_format(status.end, "DATE_FORMAT")}
            ]
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    obligation_move(
        obligation_locked(assessment.obligation_id),
        ObligationStatus.SUBMITTED,
    )
    log(
        instance=assessment,
        action="portal.assessment.submit",
        user=user,
        data={"comments": assessment.comments.count()},
    )
    notify(
        recipients=role_members(Role.MUNICIPAL_REVIEWER),
        event=UnitEvent.ASSESSMENT_SUBMITTED,
        about=assessment,
        context={"year": assessment.year, "unit": assessment.unit.name},
    )
    return assessment


@transaction.atomic
def assessment_decide(
    *, assessment: SelfAssessment, user: AbstractBaseUser, filed: bool, note: str = ""
) -> SelfAssessment:
    """Acknowledges a filed self-assessment (the year's obligation is done)
    or returns it with a written note (the unit revises and files again)."""
    require(user, BUREAU, _("Only the bureau's reviewers decide on filings."))
    assessment = (
        SelfAssessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)
    )
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise Refused([_("This self-assessment is not awaiting the bureau.")])
    if not filed and not note.strip():
        raise Refused([_("Write why the self-assessment is returned.")])
    assessment.status = AssessmentStatus.FILED if filed else AssessmentStatus.RETURNED
    assessment.decided_by, assessment.decided_at = user, timezone.now()
    assessment.bureau_note = note.strip()
    assessment.save(update_fields=["status", "decided_by", "decided_at", "bureau_note"])
    obligation_move(
        obligation_locked(assessment.obligation_id),
        ObligationStatus.DONE if filed else ObligationStatus.OPEN,
    )
    log(
        instance=assessment,
        action="portal.assessment.file" if filed else "portal.assessment.return",
        user=user,
        data={"note": assessment.bureau_note},
    )
    unit_notify(
        unit=assessment.unit,
        event=UnitEvent.ASSESSMENT_DECIDED,
        about=assessment,
        context={
            "year": assessment.year,
            "state": assessment.get_status_display(),
            "note": assessment.bureau_note or _("The bureau acknowledged your self-assessment."),
        },
    )
    return assessment
