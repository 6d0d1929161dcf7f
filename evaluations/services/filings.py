"""Writes of what a unit files after establishment and the bureau's answer:
master plans and their changes (第十三–十六条, 第三十七条), annual
self-assessments with a public comment period (第二十九条, 第三十五条),
and acceptance of an experimental zone (第十八条)."""

import datetime
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.models import Township
from applications.roles import Role
from applications.selectors import bureau_reviewers, period_status
from applications.services import ApplicationError, user_roles
from evaluations.models import ProtectedUnit, UnitStatus
from portal.core.dates import cn_date
from portal.core.notifications import notify
from portal.core.pdf import pdf_replace, render_pdf
from portal.core.services.periods import working_day_period_create
from portal.core.uploads import sanitise_filename, validate_upload

from ..models import (
    Acceptance,
    AcceptanceStatus,
    AssessmentStatus,
    FilingStatus,
    MasterPlan,
    Obligation,
    ObligationKind,
    ObligationStatus,
    PlanChange,
    PlanChangeStatus,
    PublicComment,
    SelfAssessment,
)
from ..schedule import obligation_rules
from .obligations import obligations_generate

COMMENT_KIND = "self_assessment_comment"
MIN_COMMENT_CHARS = 5


class FilingRefused(ApplicationError):
    """A filing or decision that cannot be made; ``problems`` says why."""


def _member_or_refuse(unit: ProtectedUnit, user: AbstractBaseUser) -> None:
    if not unit.organisation.members.filter(pk=user.pk).exists():
        raise FilingRefused([_("Only the unit's own accounts may file for it.")])
    if unit.status == UnitStatus.DELISTED:
        raise FilingRefused([_("The unit has been delisted.")])


def _bureau_or_refuse(user: AbstractBaseUser) -> None:
    if not user_roles(user) & {Role.MUNICIPAL_REVIEWER, Role.ADMIN}:
        raise FilingRefused([_("Only the bureau's reviewers decide on filings.")])


def _tell(recipients, subject: str, body: str, about, event: str) -> None:
    recipients = list(recipients)
    transaction.on_commit(
        lambda: notify(recipients=recipients, subject=subject, body=body, about=about, event=event)
    )


def _upload_or_problem(upload: UploadedFile | None, problems: list, missing: str) -> None:
    if upload is None:
        problems.append(missing)
        return
    try:
        validate_upload(upload)
    except ValidationError as refused:
        problems.extend(refused.messages)


def _store(field_file, upload: UploadedFile) -> str:
    name = sanitise_filename(upload.name)
    field_file.save(f"{secrets.token_hex(6)}-{name}", upload, save=False)
    return name


def _obligation(unit: ProtectedUnit, kind: str, period: int | None = None) -> Obligation | None:
    """Returns the unit's earliest open or submitted obligation of ``kind``
    (of ``period`` when given), locked."""
    obligations = Obligation.objects.select_for_update().filter(
        unit=unit, kind=kind, status__in=[ObligationStatus.OPEN, ObligationStatus.SUBMITTED]
    )
    if period is not None:
        obligations = obligations.filter(period=period)
    return obligations.order_by("due_date").first()


def _obligation_move(obligation: Obligation | None, status: str) -> None:
    if obligation is None:
        return
    obligation.status = status
    now = timezone.now()
    if status == ObligationStatus.SUBMITTED:
        obligation.submitted_at = now
    if status == ObligationStatus.DONE:
        obligation.done_at = now
    obligation.save(update_fields=["status", "submitted_at", "done_at"])


# Master plans (第十三–十六条) and changes (第三十七条).


def _plan_problems(
    *,
    unit: ProtectedUnit,
    starts_on: datetime.date | None,
    term_years: int,
    phases: tuple[int, int, int],
    core: list[Township],
    dissemination: list[Township],
) -> list[str]:
    rules = obligation_rules()(unit.established_on)
    problems = []
    if unit.kind != "reserve":
        problems.append(_("Only a reserve files a master plan."))
    if starts_on is None:
        problems.append(_("Give the day the plan's term starts."))
    if term_years < 1:
        problems.append(_("The term must be at least one year."))
    near, mid, long = phases
    if min(phases) < 1:
        problems.append(_("Each phase (near, mid and long term) lasts at least one year."))
    if near > rules.near_term_max_years:
        problems.append(
            _("The near term may last at most %(n)d years (Article 16).")
            % {"n": rules.near_term_max_years}
        )
    if near + mid + long != term_years:
        problems.append(
            _("The near, mid and long terms (%(sum)d years) must add up to the term (%(term)d).")
            % {"sum": near + mid + long, "term": term_years}
        )
    if not core:
        problems.append(_("Choose the townships of the core area."))
    if {t.pk for t in core} & {t.pk for t in dissemination}:
        problems.append(_("A township cannot be in both the core and the dissemination area."))
    outside = [t.name for t in [*core, *dissemination] if t.county_id != unit.county_id]
    if outside:
        problems.append(
            _("Not in %(county)s: %(names)s.")
            % {"county": unit.county.name, "names": "、".join(outside)}
        )
    return problems


def _plan_create(
    *, unit, user, upload, starts_on, term_years, phases, core, dissemination, replaces=None
) -> MasterPlan:
    plan = MasterPlan(
        unit=unit,
        starts_on=starts_on,
        term_years=term_years,
        near_term_years=phases[0],
        mid_term_years=phases[1],
        long_term_years=phases[2],
        submitted_by=user,
        replaces=replaces,
    )
    plan.document_name = _store(plan.document, upload)
    plan.save()
    plan.core_townships.set(core)
    plan.dissemination_townships.set(dissemination)
    return plan


@transaction.atomic
def plan_submit(
    *,
    unit: ProtectedUnit,
    user: AbstractBaseUser,
    upload: UploadedFile | None,
    starts_on: datetime.date | None,
    term_years: int | None = None,
    phases: tuple[int, int, int],
    core: list[Township],
    dissemination: list[Township] = (),
) -> MasterPlan:
    """Files a reserve's master plan for the bureau's acknowledgement (备案):
    the document and its structure — term (the rules' default, ten years),
    near / mid / long-term phases (the near term at most five years), core
    and dissemination areas as townships of the unit's county. Raises
    FilingRefused with every problem, and stores nothing, otherwise."""
    unit = ProtectedUnit.objects.select_for_update().get(pk=unit.pk)
    _member_or_refuse(unit, user)
    term_years = term_years or obligation_rules()(unit.established_on).plan_term_years
    dissemination = list(dissemination)
    problems = _plan_problems(
        unit=unit,
        starts_on=starts_on,
        term_years=term_years,
        phases=phases,
        core=core,
        dissemination=dissemination,
    )
    if unit.plans.filter(status__in=[FilingStatus.SUBMITTED, FilingStatus.FILED]).exists():
        problems.append(
            _("A plan is already filed or awaiting the bureau; request a change instead.")
        )
    _upload_or_problem(upload, problems, _("Attach the plan document."))
    if problems:
        raise FilingRefused(problems)
    plan = _plan_create(
        unit=unit,
        user=user,
        upload=upload,
        starts_on=starts_on,
        term_years=term_years,
        phases=phases,
        core=core,
        dissemination=dissemination,
    )
    obligation = _obligation(unit, ObligationKind.MASTER_PLAN)
    _obligation_move(obligation, ObligationStatus.SUBMITTED)
    plan.obligation = obligation
    plan.save(update_fields=["obligation"])
    log(
        instance=plan,
        action="portal.plan.submit",
        user=user,
        data={"unit": unit.code, "term": term_years, "phases": list(phases)},
    )
    _tell(
        bureau_reviewers(),
        _("Master plan filed by %(unit)s") % {"unit": unit.name},
        _("%(unit)s filed its master plan; acknowledge or return it in the admin.")
        % {"unit": unit.name},
        plan,
        "plan.submit",
    )
    return plan


@transaction.atomic
def plan_decide(
    *, plan: MasterPlan, user: AbstractBaseUser, filed: bool, note: str = ""
) -> MasterPlan:
    """Acknowledges (备案) a submitted plan, which fulfils the obligation and
    starts the clock of acceptance, or returns it with a written note."""
    _bureau_or_refuse(user)
    plan = MasterPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if plan.status != FilingStatus.SUBMITTED or hasattr(plan, "change_request"):
        raise FilingRefused([_("This plan is not awaiting acknowledgement.")])
    if not filed and not note.strip():
        raise FilingRefused([_("Write why the plan is returned.")])
    plan.status = FilingStatus.FILED if filed else FilingStatus.RETURNED
    plan.decided_by, plan.decided_at, plan.bureau_note = user, timezone.now(), note.strip()
    plan.save(update_fields=["status", "decided_by", "decided_at", "bureau_note"])
    obligation = Obligation.objects.select_for_update().filter(pk=plan.obligation_id).first()
    _obligation_move(obligation, ObligationStatus.DONE if filed else ObligationStatus.OPEN)
    log(
        instance=plan,
        action="portal.plan.file" if filed else "portal.plan.return",
        user=user,
        data={"note": plan.bureau_note},
    )
    if filed:
        # Acceptance becomes possible three years into the plan.
        obligations_generate(
            day=timezone.localdate(), units=ProtectedUnit.objects.filter(pk=plan.unit_id)
        )
    _tell(
        plan.unit.organisation.members.all(),
        _("Master plan %(state)s") % {"state": plan.get_status_display()},
        plan.bureau_note or _("The bureau acknowledged your master plan."),
        plan,
        "plan.decide",
    )
    return plan


@transaction.atomic
def plan_change_request(
    *,
    plan: MasterPlan,
    user: AbstractBaseUser,
    reason: str,
    upload: UploadedFile | None,
    consultation: UploadedFile | None,
    consent: UploadedFile | None,
    starts_on: datetime.date | None,
    term_years: int,
    phases: tuple[int, int, int],
    core: list[Township],
    dissemination: list[Township] = (),
) -> PlanChange:
    """Asks to change a filed plan (第三十七条): the new plan, with evidence
    that residents were consulted and the county government's consent,
    both required before the bureau may approve."""
    plan = MasterPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    unit = plan.unit
    _member_or_refuse(unit, user)
    dissemination = list(dissemination)
    problems = []
    if (
        plan.status != FilingStatus.FILED
        or plan.replaced_by.filter(status=FilingStatus.FILED).exists()
    ):
        problems.append(_("Only the plan in force can be changed."))
    if plan.changes.filter(status=PlanChangeStatus.SUBMITTED).exists():
        problems.append(_("A change of this plan is already awaiting the bureau."))
    if not reason.strip():
        problems.append(_("Give the reason for the change."))
    problems += _plan_problems(
        unit=unit,
        starts_on=starts_on,
        term_years=term_years,
        phases=phases,
        core=core,
        dissemination=dissemination,
    )
    _upload_or_problem(upload, problems, _("Attach the changed plan."))
    _upload_or_problem(
        consultation, problems, _("Attach the evidence that residents were consulted.")
    )
    _upload_or_problem(consent, problems, _("Attach the county government's consent."))
    if problems:
        raise FilingRefused(problems)
    new_plan = _plan_create(
        unit=unit,
        user=user,
        upload=upload,
        starts_on=starts_on,
        term_years=term_years,
        phases=phases,
        core=core,
        dissemination=dissemination,
        replaces=plan,
    )
    change = PlanChange(plan=plan, new_plan=new_plan, reason=reason.strip())
    _store(change.consultation, consultation)
    _store(change.consent, consent)
    change.save()
    log(instance=plan, action="portal.plan.change_request", user=user, data={"change": change.pk})
    _tell(
        bureau_reviewers(),
        _("Plan change requested by %(unit)s") % {"unit": unit.name},
        change.reason,
        plan,
        "plan.change_request",
    )
    return change


@transaction.atomic
def plan_change_decide(
    *, change: PlanChange, user: AbstractBaseUser, approved: bool, reason: str
) -> PlanChange:
    """Approves a plan change (the new plan is filed and replaces the old,
    which is kept) or refuses it, with a written reason either way."""
    _bureau_or_refuse(user)
    change = (
        PlanChange.objects.select_for_update()
        .select_related("plan__unit", "new_plan")
        .get(pk=change.pk)
    )
    if change.status != PlanChangeStatus.SUBMITTED:
        raise FilingRefused([_("This change was already decided.")])
    if not reason.strip():
        raise FilingRefused([_("Write the reason for the decision.")])
    if approved and not (change.consultation and change.consent):
        raise FilingRefused([_("The residents' consultation and the county's consent are needed.")])
    change.status = PlanChangeStatus.APPROVED if approved else PlanChangeStatus.REFUSED
    change.decided_by, change.decided_at = user, timezone.now()
    change.decision_reason = reason.strip()
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    new_plan = change.new_plan
    new_plan.status = FilingStatus.FILED if approved else FilingStatus.RETURNED
    new_plan.decided_by, new_plan.decided_at = user, change.decided_at
    new_plan.bureau_note = change.decision_reason
    new_plan.save(update_fields=["status", "decided_by", "decided_at", "bureau_note"])
    log(
        instance=change.plan,
        action="portal.plan.change_approve" if approved else "portal.plan.change_refuse",
        user=user,
        data={"change": change.pk, "reason": change.decision_reason},
    )
    _tell(
        change.plan.unit.organisation.members.all(),
        _("Plan change %(state)s") % {"state": change.get_status_display()},
        change.decision_reason,
        change.plan,
        "plan.change_decide",
    )
    return change


# Annual self-assessments (第三十五条) with a public comment period.


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


@transaction.atomic
def assessment_save(
    *,
    unit: ProtectedUnit,
    user: AbstractBaseUser,
    year: int,
    key_work: list[str],
    summary: str,
    events: list[dict],
    upload: UploadedFile | None = None,
) -> SelfAssessment:
    """Saves the draft of a year's self-assessment (new, or a draft or a
    returned one); incomplete drafts are kept, completeness is judged when
    the comment period opens. Raises FilingRefused for a file refused or a
    self-assessment already published."""
    unit = ProtectedUnit.objects.select_for_update().get(pk=unit.pk)
    _member_or_refuse(unit, user)
    assessment = SelfAssessment.objects.select_for_update().filter(unit=unit, year=year).first()
    if assessment is not None and assessment.status not in (
        AssessmentStatus.DRAFT,
        AssessmentStatus.RETURNED,
    ):
        raise FilingRefused([_("This self-assessment is no longer a draft.")])
    if upload is not None:
        problems: list[str] = []
        _upload_or_problem(upload, problems, "")
        if problems:
            raise FilingRefused(problems)
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
        assessment.report_name = _store(assessment.report, upload)
    if assessment.status == AssessmentStatus.RETURNED:
        assessment.status = AssessmentStatus.DRAFT
    assessment.obligation = (
        assessment.obligation
        or Obligation.objects.filter(
            unit=unit, kind=ObligationKind.SELF_ASSESSMENT, period=year
        ).first()
    )
    assessment.save()
    log(instance=assessment, action="portal.assessment.save", user=user, data={"year": year})
    return assessment


@transaction.atomic
def assessment_comment_open(*, assessment: SelfAssessment, user: AbstractBaseUser):
    """Publishes a complete draft on the unit's public page and opens the
    public comment period (the rules' working days from today)."""
    assessment = (
        SelfAssessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)
    )
    _member_or_refuse(assessment.unit, user)
    if assessment.status != AssessmentStatus.DRAFT:
        raise FilingRefused([_("Only a draft is published for comment.")])
    problems = _assessment_problems(assessment)
    if problems:
        raise FilingRefused(problems)
    rules = obligation_rules()(assessment.unit.established_on)
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
    _member_or_refuse(assessment.unit, user)
    if assessment.status != AssessmentStatus.COMMENTING:
        raise FilingRefused([_("Publish the draft for public comment first.")])
    status = period_status(period=assessment.comment_period, now=now)
    if status.state != "closed":
        raise FilingRefused(
            [
                _("The public comment period runs until 24:00 on %(end)s.")
                % {"end": date_format(status.end, "DATE_FORMAT")}
            ]
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["status", "submitted_at"])
    _obligation_move(
        Obligation.objects.select_for_update().filter(pk=assessment.obligation_id).first(),
        ObligationStatus.SUBMITTED,
    )
    log(
        instance=assessment,
        action="portal.assessment.submit",
        user=user,
        data={"comments": assessment.comments.count()},
    )
    _tell(
        bureau_reviewers(),
        _("Self-assessment %(year)s filed by %(unit)s")
        % {"year": assessment.year, "unit": assessment.unit.name},
        _("Acknowledge or return it in the admin."),
        assessment,
        "assessment.submit",
    )
    return assessment


@transaction.atomic
def assessment_decide(
    *, assessment: SelfAssessment, user: AbstractBaseUser, filed: bool, note: str = ""
) -> SelfAssessment:
    """Acknowledges a filed self-assessment (the year's obligation is done)
    or returns it with a written note (the unit revises and files again)."""
    _bureau_or_refuse(user)
    assessment = (
        SelfAssessment.objects.select_for_update().select_related("unit").get(pk=assessment.pk)
    )
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise FilingRefused([_("This self-assessment is not awaiting the bureau.")])
    if not filed and not note.strip():
        raise FilingRefused([_("Write why the self-assessment is returned.")])
    assessment.status = AssessmentStatus.FILED if filed else AssessmentStatus.RETURNED
    assessment.decided_by, assessment.decided_at = user, timezone.now()
    assessment.bureau_note = note.strip()
    assessment.save(update_fields=["status", "decided_by", "decided_at", "bureau_note"])
    _obligation_move(
        Obligation.objects.select_for_update().filter(pk=assessment.obligation_id).first(),
        ObligationStatus.DONE if filed else ObligationStatus.OPEN,
    )
    log(
        instance=assessment,
        action="portal.assessment.file" if filed else "portal.assessment.return",
        user=user,
        data={"note": assessment.bureau_note},
    )
    _tell(
        assessment.unit.organisation.members.all(),
        _("Self-assessment %(year)s: %(state)s")
        % {"year": assessment.year, "state": assessment.get_status_display()},
        assessment.bureau_note or _("The bureau acknowledged your self-assessment."),
        assessment,
        "assessment.decide",
    )
    return assessment


# Acceptance (第十八条).


@transaction.atomic
def acceptance_apply(
    *, unit: ProtectedUnit, user: AbstractBaseUser, upload: UploadedFile | None, today=None
) -> Acceptance:
    """Applies for acceptance of an experimental zone whose filed plan has
    been carried out for the rules' years (three by default)."""
    today = today or timezone.localdate()
    unit = ProtectedUnit.objects.select_for_update().get(pk=unit.pk)
    _member_or_refuse(unit, user)
    problems = []
    if unit.kind != "reserve" or unit.status != UnitStatus.EXPERIMENTAL_ZONE:
        problems.append(_("Only an experimental zone applies for acceptance."))
    obligation = _obligation(unit, ObligationKind.ACCEPTANCE)
    if obligation is None:
        problems.append(_("Acceptance opens once the master plan is filed."))
    elif obligation.due_date > today:
        problems.append(
            _("Acceptance opens on %(day)s, after three years of plan implementation.")
            % {"day": date_format(obligation.due_date, "DATE_FORMAT")}
        )
    if unit.acceptances.filter(status=AcceptanceStatus.APPLIED).exists():
        problems.append(_("An application for acceptance is already awaiting the bureau."))
    _upload_or_problem(upload, problems, _("Attach the acceptance report."))
    if problems:
        raise FilingRefused(problems)
    acceptance = Acceptance(unit=unit, obligation=obligation, applied_by=user)
    acceptance.report_name = _store(acceptance.report, upload)
    acceptance.save()
    _obligation_move(obligation, ObligationStatus.SUBMITTED)
    log(instance=acceptance, action="portal.acceptance.apply", user=user, data={"unit": unit.code})
    _tell(
        bureau_reviewers(),
        _("Acceptance applied for by %(unit)s") % {"unit": unit.name},
        _("Review it in the admin."),
        acceptance,
        "acceptance.apply",
    )
    return acceptance


PROTECTION_ZONE_NAME = ("文化生态保护实验区", "文化生态保护区")


@transaction.atomic
def acceptance_decide(
    *, acceptance: Acceptance, user: AbstractBaseUser, passed: bool, reason: str
) -> Acceptance:
    """Decides an application for acceptance with a written reason. A pass
    names the zone a cultural ecology protection zone: its status and name
    change, a plaque PDF is queued and a public notice published; a fail
    leaves the obligation open for a new application."""
    from cms.models import NoticePage
    from cms.selectors import portal_settings
    from cms.services import site_tree_ensure

    _bureau_or_refuse(user)
    acceptance = Acceptance.objects.select_for_update().select_related("unit").get(pk=acceptance.pk)
    if acceptance.status != AcceptanceStatus.APPLIED:
        raise FilingRefused([_("This application was already decided.")])
    if not reason.strip():
        raise FilingRefused([_("Write the reason for the decision.")])
    unit = ProtectedUnit.objects.select_for_update().get(pk=acceptance.unit_id)
    acceptance.status = AcceptanceStatus.PASSED if passed else AcceptanceStatus.FAILED
    acceptance.decided_by, acceptance.decided_at = user, timezone.now()
    acceptance.decision_reason = reason.strip()
    _obligation_move(
        Obligation.objects.select_for_update().filter(pk=acceptance.obligation_id).first(),
        ObligationStatus.DONE if passed else ObligationStatus.OPEN,
    )
    if passed:
        old_name = unit.name
        unit.status = UnitStatus.PROTECTION_ZONE
        unit.name = unit.name.replace(*PROTECTION_ZONE_NAME)
        unit.save(update_fields=["status", "name"])
        tree = site_tree_ensure()
        day = timezone.localdate()
        notice = NoticePage(
            title=_("Announcement: %(name)s passes acceptance") % {"name": unit.name},
            slug=f"acceptance-{unit.code.lower()}-{day:%Y%m%d}",
            date=day,
            issuing_body=portal_settings().bureau_name,
            body=str(
                format_html(
                    "<p>{}</p>",
                    _(
                        "%(old)s has passed acceptance after three years of implementing its "
                        "master plan and is named %(name)s (Article 18). %(reason)s"
                    )
                    % {"old": old_name, "name": unit.name, "reason": acceptance.decision_reason},
                )
            ),
        )
        tree.notice_index.add_child(instance=notice)
        notice.save_revision(user=user, log_action=False).publish(user=user)
        acceptance.notice_page = notice
        log(
            instance=unit,
            action="portal.unit.protection_zone",
            user=user,
            data={"old_name": old_name, "name": unit.name},
        )
        transaction.on_commit(lambda: _queue_plaque(acceptance.pk))
    acceptance.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "notice_page"]
    )
    log(
        instance=acceptance,
        action="portal.acceptance.pass" if passed else "portal.acceptance.fail",
        user=user,
        data={"reason": acceptance.decision_reason},
    )
    _tell(
        unit.organisation.members.all(),
        _("Acceptance: %(state)s") % {"state": acceptance.get_status_display()},
        acceptance.decision_reason,
        acceptance,
        "acceptance.decide",
    )
    return acceptance


def _queue_plaque(acceptance_id: int) -> None:
    from ..tasks import acceptance_plaque_render

    acceptance_plaque_render.delay(acceptance_id)


@transaction.atomic
def acceptance_plaque_render(*, acceptance_id: int) -> Acceptance | None:
    """Renders the plaque (授牌) of a passed acceptance as a PDF and stores
    it; returns the acceptance, or None when there is none to render."""
    from cms.selectors import portal_settings

    acceptance = (
        Acceptance.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk=acceptance_id, status=AcceptanceStatus.PASSED)
        .first()
    )
    if acceptance is None:
        return None
    day = timezone.localtime(acceptance.decided_at).date()
    pdf = render_pdf(
        "pdf/plaque.html",
        {
            "unit": acceptance.unit,
            "bureau": portal_settings().bureau_name,
            "date": cn_date(day),
        },
    )
    stored = pdf_replace(
        acceptance.plaque_pdf, filename=f"{acceptance.unit.code}-plaque.pdf", data=pdf
    )
    acceptance.save(update_fields=["plaque_pdf"])
    log(instance=acceptance, action="portal.acceptance.plaque", data=stored)
    return acceptance
