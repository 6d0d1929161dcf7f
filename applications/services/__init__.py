"""Writes of the applications app."""

import hashlib
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.models import FirstDayRule
from portal.core.notifications import notify
from portal.core.uploads import sanitise_filename, validate_upload

from ..eligibility import (
    OUTLINE_PARTS,
    QUALITATIVE_BASE_CONDITIONS,
    QUALITATIVE_RESERVE_CONDITIONS,
    Result,
    base_eligibility,
    reserve_eligibility,
)
from ..materials import slots_for
from ..models import (
    AccountProfile,
    Application,
    ApplicationKind,
    ApplicationStatus,
    CandidateList,
    ExpertAssignment,
    ExpertScore,
    FieldInspection,
    Hearing,
    InspectionPhoto,
    Material,
    Organisation,
    ReceiptCounter,
    SupplementRequest,
)
from ..roles import Role
from ..selectors import criteria_for, panel_summary, rules_on
from ..workflow import APPLICANTS, BUREAU, SYSTEM, TRANSITIONS_BY_ACTION, State, Transition

VERIFY_SALT = "portal.account.verify-email"
VERIFY_DAYS = 3

RECEIPT_KINDS = {"base": "JD", "reserve": "BH"}


@transaction.atomic
def counter_next(*, code: str, year: int) -> int:
    """Returns the next number of the counter ``code`` in ``year``: unique
    and without gaps, also when two callers ask at once (the counter row is
    locked until the caller's transaction ends, so call this inside it)."""
    counter = ReceiptCounter.objects.select_for_update().filter(kind=code, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = ReceiptCounter.objects.create(kind=code, year=year, last=0)
        except IntegrityError:
            # Another caller created the year's counter first.
            counter = ReceiptCounter.objects.select_for_update().get(kind=code, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def receipt_number_next(*, kind: str, year: int) -> str:
    """Returns the next receipt number for ``kind`` (base or reserve) in
    ``year``, e.g. JDZ-JD-2026-0007 (see counter_next)."""
    code = RECEIPT_KINDS[kind]
    return f"JDZ-{code}-{year}-{counter_next(code=code, year=year):04d}"


def _verification_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


@transaction.atomic
def account_register(
    *, username: str, email: str, password: str, organisation: dict, request=None
) -> AbstractBaseUser:
    """Creates an applicant account and its organisation, and (after commit)
    emails the link that verifies the address. Returns the user."""
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    user.groups.add(Group.objects.get(name=Role.APPLICANT))
    AccountProfile.objects.create(user=user)
    org = Organisation(**organisation)
    org.full_clean()
    org.save()
    org.members.add(user)
    log(instance=user, action="portal.account.register", user=user, data={"organisation": org.pk})
    transaction.on_commit(lambda: account_verification_send(user=user, request=request))
    return user


def account_verification_send(*, user: AbstractBaseUser, request=None) -> None:
    """Emails ``user`` the signed link that verifies its address."""
    link = reverse("accounts:verify", args=[_verification_token(user)])
    if request is not None:
        link = request.build_absolute_uri(link)
    _send_verification(user, link)


def _send_verification(user, link: str) -> None:
    notify(
        recipients=[user],
        subject=_("Please verify your email address"),
        body=_(
            "Welcome to the portal of the National Jingdezhen Ceramic Cultural Ecology "
            "Protection Experimental Zone.\n\nOpen this link within %(days)d days to verify "
            "your email address; an application can be submitted only after that:\n\n%(link)s\n"
        )
        % {"days": VERIFY_DAYS, "link": link},
        about=user,
        event="account.verify_email",
    )


@transaction.atomic
def account_email_verify(*, token: str) -> AbstractBaseUser:
    """Marks the email address in ``token`` verified and returns the user.

    Raises signing.BadSignature (or its SignatureExpired) for a bad or old
    token, and signing.BadSignature when the address has changed since."""
    data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_DAYS * 24 * 3600)
    user = get_user_model().objects.select_for_update().get(pk=data["user"])
    if user.email != data["email"]:
        raise signing.BadSignature("address changed")
    profile, _created = AccountProfile.objects.get_or_create(user=user)
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["email_verified_at"])
        log(instance=user, action="portal.account.verify_email", user=user)
    return user


class ApplicationError(Exception):
    """An action on an application that cannot be taken; ``problems`` lists
    every reason, in words for the applicant."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(str(p) for p in problems))


def _member_or_refuse(application: Application, user: AbstractBaseUser) -> None:
    if not application.organisation.members.filter(pk=user.pk).exists():
        raise PermissionDenied


def _draft_or_refuse(application: Application, *, supplement: bool = False) -> None:
    """Refuses changes unless the application is a draft (or, with
    ``supplement``, waiting for a supplement)."""
    if supplement and application.status == State.SUPPLEMENT_REQUESTED:
        return
    if not application.is_draft:
        raise ApplicationError(
            [_("This application has been submitted and can no longer be changed here.")]
        )


@transaction.atomic
def application_create(
    *, organisation: Organisation, user: AbstractBaseUser, kind: str = ApplicationKind.BASE
) -> Application:
    """Starts a draft application of ``kind`` for ``organisation``. A reserve
    sub-zone is applied for by a county bureau account only (第六条)."""
    if not organisation.members.filter(pk=user.pk).exists():
        raise PermissionDenied
    if kind == ApplicationKind.RESERVE and not user.groups.filter(name=Role.COUNTY_BUREAU).exists():
        raise PermissionDenied
    application = Application.objects.create(kind=kind, organisation=organisation, created_by=user)
    log(instance=application, action="portal.application.create", user=user)
    return application


DRAFT_FIELDS = {
    "category",
    "ich_projects",
    "inheritors",
    "site_area_m2",
    "staff_count",
    "senior_staff",
    "narrative",
    "relaxation_requested",
    "relaxation_reason",
    "holistic_since",
    "outline",
    "townships",
}


@transaction.atomic
def application_update(
    *, application: Application, user: AbstractBaseUser, data: dict
) -> Application:
    """Saves draft fields (any of DRAFT_FIELDS) and logs which changed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _member_or_refuse(application, user)
    _draft_or_refuse(application)
    changed = []
    data = dict(data)
    townships = data.pop("townships", None)
    for name, value in data.items():
        if name not in DRAFT_FIELDS:
            raise ValueError(f"{name} is not a draft field")
        if getattr(application, name) != value:
            setattr(application, name, value)
            changed.append(name)
    if townships is not None and set(townships) != set(application.townships.all()):
        application.townships.set(townships)
        changed.append("townships")
    if changed:
        application.save()
        log(
            instance=application,
            action="portal.application.edit",
            user=user,
            data={"fields": sorted(changed)},
        )
    return application


@transaction.atomic
def material_add(
    *, application: Application, user: AbstractBaseUser, slot: str, upload: UploadedFile
) -> Material:
    """Checks and stores an uploaded file in a slot of a draft. Raises
    ValidationError (saying why) for a file that is refused."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _member_or_refuse(application, user)
    _draft_or_refuse(application, supplement=True)
    if slot not in {s.code for s, _required in slots_for(application)}:
        raise ValidationError(_("Unknown material."))
    kind = validate_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = sanitise_filename(upload.name)
    material = Material(
        application=application,
        slot=slot,
        original_name=name,
        content_kind=kind,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )
    material.file.save(name, upload, save=False)
    material.save()
    log(
        instance=application,
        action="portal.material.upload",
        user=user,
        data={"slot": slot, "name": name, "sha256": material.sha256, "size": material.size},
    )
    return material


@transaction.atomic
def material_remove(*, material: Material, user: AbstractBaseUser) -> None:
    """Removes a file from a draft (the file goes once the row is gone)."""
    application = Application.objects.select_for_update().get(pk=material.application_id)
    _member_or_refuse(application, user)
    _draft_or_refuse(application)
    name, storage, path = material.original_name, material.file.storage, material.file.name
    material.delete()
    log(
        instance=application,
        action="portal.material.remove",
        user=user,
        data={"slot": material.slot, "name": name},
    )
    transaction.on_commit(lambda: storage.delete(path))


def _missing_materials(application: Application) -> list[str]:
    present = set(application.materials.values_list("slot", flat=True))
    return [
        _("Upload: %(material)s.") % {"material": slot.label}
        for slot, required in slots_for(application)
        if required and slot.code not in present
    ]


def _reserve_problems(application: Application, judgement) -> list[str]:
    problems = []
    if application.holistic_since is None:
        problems.append(_("Give the date holistic protection began (Article 5 (9))."))
    for code, article in QUALITATIVE_RESERVE_CONDITIONS:
        if not (application.narrative.get(code) or "").strip():
            problems.append(_("Answer %(article)s.") % {"article": article})
    for code, article in OUTLINE_PARTS:
        if not (application.outline.get(code) or "").strip():
            problems.append(
                _("Write part %(article)s of the planning outline.") % {"article": article}
            )
    problems.extend(_missing_materials(application))
    problems.extend(c.message for c in judgement.failures())
    return problems


def application_problems(application: Application, judgement) -> list[str]:
    """Returns what stops submission: missing facts and files, failed
    criteria, a relaxation needed but not asked for with a reason."""
    if application.kind == ApplicationKind.RESERVE:
        return _reserve_problems(application, judgement)
    problems = []
    if not application.category:
        problems.append(_("Choose the category of base."))
    if not application.ich_projects:
        problems.append(_("Name at least one ICH project."))
    if not application.inheritors:
        problems.append(_("Name the representative inheritors."))
    if application.site_area_m2 is None:
        problems.append(_("Give the site area."))
    if application.staff_count is None:
        problems.append(_("Give the number of staff."))
    for code, article in QUALITATIVE_BASE_CONDITIONS:
        if not (application.narrative.get(code) or "").strip():
            problems.append(_("Answer %(article)s.") % {"article": article})
    problems.extend(_missing_materials(application))
    if judgement is not None:
        problems.extend(c.message for c in judgement.failures())
        needs_relaxation = judgement.overall == Result.NEEDS_RELAXATION_REVIEW
        if needs_relaxation and not (
            application.relaxation_requested and application.relaxation_reason.strip()
        ):
            problems.append(
                _(
                    "Below a threshold, a special or endangered project must ask for relaxation "
                    "and give the reason (Article 7 (6))."
                )
            )
    return problems


def application_judgement(application: Application, *, day=None):
    """Returns the eligibility judgement of an application under the rules
    in force on ``day`` (today); for a base, None while its numbers are
    missing."""
    day = day or timezone.localdate()
    if application.kind == ApplicationKind.RESERVE:
        return reserve_eligibility(
            since=application.holistic_since,
            applied_on=day,
            townships=application.townships.count(),
            rules=rules_on(day=day),
        )
    if (
        not application.category
        or application.site_area_m2 is None
        or (application.staff_count is None)
    ):
        return None
    return base_eligibility(
        category=application.category,
        site_area_m2=application.site_area_m2,
        staff=application.staff_count,
        senior_staff=len(application.senior_staff),
        special=application.special,
        endangered=application.endangered,
        rules=rules_on(day=day),
    )


@transaction.atomic
def application_submit(*, application: Application, user: AbstractBaseUser) -> Application:
    """Submits a complete draft: gives it the next receipt number of its
    year and kind, keeps the measures version, rules and eligibility it was
    judged by, logs it, and (after commit) renders the receipt and emails it.

    Raises ApplicationError listing everything that stops submission."""
    from cms.selectors import measure_on

    from ..tasks import receipt_render

    application = Application.objects.select_for_update().get(pk=application.pk)
    _member_or_refuse(application, user)
    _draft_or_refuse(application)
    transition_check(application=application, action="submit", user=user)
    profile = AccountProfile.objects.filter(user=user).first()
    problems = []
    if profile is None or not profile.email_verified:
        problems.append(_("Verify your email address first (see the link we sent)."))
    today = timezone.localdate()
    judgement = application_judgement(application, day=today)
    problems.extend(application_problems(application, judgement))
    if problems:
        raise ApplicationError(problems)
    application.receipt_number = receipt_number_next(kind=application.kind, year=today.year)
    application.measure = measure_on(day=today)
    application.rules_snapshot = rules_on(day=today).as_dict()
    application.eligibility = judgement.as_dict()
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    log(
        instance=application,
        action="portal.application.submit",
        user=user,
        data={
            "from": State.DRAFT,
            "to": application.status,
            "reason": "",
            "receipt_number": application.receipt_number,
            "overall": application.eligibility["overall"],
        },
    )
    transaction.on_commit(lambda: receipt_render.delay(application.pk))
    return application


def receipt_render_store(*, application_id: int) -> Application | None:
    """Renders the 受理回执 of a submitted application, stores it and emails
    the applicant. Does nothing when it exists already (a retried task)."""
    from portal.core.pdf import render_pdf

    application = (
        Application.objects.filter(pk=application_id, receipt_number__isnull=False)
        .select_related("organisation")
        .first()
    )
    if application is None or application.receipt_pdf:
        return application
    data = render_pdf(
        "pdf/receipt.html",
        {
            "application": application,
            "materials": application.materials.all(),
        },
    )
    application.receipt_pdf.save(f"{application.receipt_number}.pdf", ContentFile(data))
    log(
        instance=application,
        action="portal.application.receipt",
        data={"receipt_number": application.receipt_number},
    )
    notify(
        recipients=[application.created_by, *application.organisation.members.all()],
        subject=_("Application received: %(number)s") % {"number": application.receipt_number},
        body=_(
            "Your application has been received with the number %(number)s. The receipt can be "
            "downloaded from your applications page. The culture bureau will now review the "
            "materials; you will be told if anything must be added."
        )
        % {"number": application.receipt_number},
        about=application,
        event="application.received",
    )
    return application


class TransitionRefused(ApplicationError):
    """A transition that the workflow does not allow now, for this user."""


def user_roles(user: AbstractBaseUser | None) -> set[str]:
    """Returns the role codes of ``user``; None is the system itself, and a
    superuser counts as an administrator."""
    if user is None:
        return {SYSTEM}
    roles = set(user.groups.values_list("name", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def _relaxation_granted_if_needed(application: Application) -> str | None:
    if application.eligibility.get("overall") != Result.NEEDS_RELAXATION_REVIEW:
        return None
    if application.relaxation_granted is None:
        return _("Decide the relaxation request first.")
    if not application.relaxation_granted:
        return _("The relaxation was refused: the materials cannot pass; reject the application.")
    return None


def _approval_problems(application: Application) -> str | None:
    from .publicity import approval_problems

    return approval_problems(application=application)


TRANSITION_CONDITIONS = {
    "relaxation_granted_if_needed": _relaxation_granted_if_needed,
    "inspection_on_record": lambda application: (
        None if application.inspections.exists() else _("Record the field inspection first.")
    ),
    "hearing_on_record": lambda application: (
        None if application.hearings.exists() else _("Record the hearing of opinions first.")
    ),
    "publicity_closed_unopposed": lambda application: _approval_problems(application),
    "experts_done": lambda application: (
        None
        if panel_summary(application=application)["done"]
        else _("Every assigned expert must have scored or been excused, and at least one scored.")
    ),
}


def transition_check(
    *, application: Application, action: str, user: AbstractBaseUser | None, reason: str = ""
) -> Transition:
    """Returns the declared transition ``action`` if ``user`` may take it
    from the application's present state; raises TransitionRefused saying
    why otherwise."""
    transition = TRANSITIONS_BY_ACTION.get(action)
    if transition is None:
        raise TransitionRefused([_("Unknown action “%(action)s”.") % {"action": action}])
    if application.status not in transition.sources:
        raise TransitionRefused(
            [
                _("“%(action)s” cannot be taken: the application is now “%(state)s”.")
                % {"action": transition.label, "state": State(application.status).label}
            ]
        )
    roles = user_roles(user)
    if not roles & transition.roles:
        raise TransitionRefused(
            [_("Your role may not take “%(action)s”.") % {"action": transition.label}]
        )
    if (
        user is not None
        and not (roles & transition.roles - APPLICANTS)
        and not application.organisation.members.filter(pk=user.pk).exists()
    ):
        # An applicant acts only on its own organisation's applications.
        raise TransitionRefused(
            [_("Your role may not take “%(action)s”.") % {"action": transition.label}]
        )
    if transition.requires_reason and not reason.strip():
        raise TransitionRefused([_("“%(action)s” needs a reason.") % {"action": transition.label}])
    if transition.condition:
        problem = TRANSITION_CONDITIONS[transition.condition](application)
        if problem:
            raise TransitionRefused([problem])
    return transition


@transaction.atomic
def application_transition(
    *, application: Application, action: str, user: AbstractBaseUser | None, reason: str = ""
) -> Application:
    """Takes a workflow transition: locks the application's row (so two
    reviewers acting at once are served one after the other, and the second
    is judged on the first's result), checks it with transition_check,
    moves the state and logs ``portal.application.<action>`` with the actor,
    the reason and the states before and after. Raises TransitionRefused
    and changes nothing when it is not allowed."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    transition = transition_check(application=application, action=action, user=user, reason=reason)
    before = application.status
    application.status = transition.target
    application.save(update_fields=["status", "updated_at"])
    log(
        instance=application,
        action=f"portal.application.{transition.action}",
        user=user,
        data={"from": before, "to": transition.target, "reason": reason.strip()},
    )
    if transition.target in OUTCOMES:
        _notify_outcome(application, transition, reason.strip())
    return application


# Outcomes the applicant is told of as they happen (a supplement request
# and a return are told by their own services).
OUTCOMES = frozenset({State.REJECTED, State.CANDIDATE, State.REMOVED, State.ESTABLISHED})


def _notify_outcome(application: Application, transition: Transition, reason: str) -> None:
    recipients = list(application.organisation.members.all())
    subject = _("Application %(number)s: %(state)s") % {
        "number": application.receipt_number,
        "state": State(transition.target).label,
    }
    body = subject + (f"\n\n{reason}" if reason else "")
    transaction.on_commit(
        lambda: notify(
            recipients=recipients,
            subject=subject,
            body=body,
            about=application,
            event=f"application.{transition.action}",
        )
    )


@transaction.atomic
def supplement_request(
    *, application: Application, user: AbstractBaseUser, items: list[dict], message: str
) -> SupplementRequest:
    """Asks the applicant for missing material: moves the application to
    supplement_requested, stores what to add with a deadline of the rule
    set's working days (10 by default) counted from the next day, and tells
    the applicant. Raises TransitionRefused as application_transition."""
    from portal.core.services import working_day_period_create

    if not items:
        raise TransitionRefused([_("List at least one thing to add.")])
    application = application_transition(
        application=application, action="request_supplement", user=user, reason=message
    )
    # The rules the application was judged by at submission.
    days = application.rules_snapshot.get("supplement_working_days") or (
        rules_on(day=timezone.localdate()).supplement_working_days
    )
    period = working_day_period_create(
        kind="supplement",
        label=_("Supplement for %(number)s") % {"number": application.receipt_number},
        anchor_date=timezone.localdate(),
        working_days=days,
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
    recipients = list(application.organisation.members.all())
    transaction.on_commit(
        lambda: notify(
            recipients=recipients,
            subject=_("Please supplement application %(number)s by %(end)s")
            % {"number": application.receipt_number, "end": period.end_date.isoformat()},
            body=_(
                "The culture bureau asks you to supplement application %(number)s:\n\n%(message)s"
                "\n\nPlease upload what is asked and resubmit on the portal by %(end)s "
                "(24:00, %(days)d working days). An application not supplemented by then is "
                "returned."
            )
            % {
                "number": application.receipt_number,
                "message": request.message,
                "end": period.end_date.isoformat(),
                "days": period.working_days,
            },
            about=application,
            event="application.supplement_requested",
        )
    )
    return request


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
    transaction.on_commit(
        lambda: notify(
            recipients=reviewers,
            subject=_("Supplement received: %(number)s") % {"number": application.receipt_number},
            body=_(
                "The applicant has supplemented application %(number)s; it is back in material "
                "review."
            )
            % {"number": application.receipt_number},
            about=application,
            event="application.resubmitted",
        )
    )
    for request in (
        application.supplement_requests.select_for_update()
        .filter(answered_at__isnull=True, expired_at__isnull=True)
        .select_related("period")
    ):
        request.answered_at = now
        request.save(update_fields=["answered_at"])
        request.period.closed_at = now
        request.period.save(update_fields=["closed_at"])
    return application


def supplements_expire(*, today=None) -> list[int]:
    """Returns the applications whose open supplement request is past its
    deadline, each now returned with that reason (one transaction each, so
    one failure does not hold back the others)."""
    today = today or timezone.localdate()
    expired = []
    overdue = SupplementRequest.objects.filter(
        answered_at__isnull=True, expired_at__isnull=True, period__end_date__lt=today
    ).select_related("period", "application")
    for request in overdue:
        with transaction.atomic():
            locked = SupplementRequest.objects.select_for_update().get(pk=request.pk)
            if not locked.is_open:
                continue  # another beat process got here first
            reason = _("The supplement was not provided by %(end)s.") % {
                "end": request.period.end_date.isoformat()
            }
            application_transition(
                application=request.application,
                action="expire_supplement",
                user=None,
                reason=reason,
            )
            now = timezone.now()
            locked.expired_at = now
            locked.save(update_fields=["expired_at"])
            request.period.closed_at = now
            request.period.save(update_fields=["closed_at"])
            recipients = list(request.application.organisation.members.all())
            transaction.on_commit(
                lambda app=request.application, r=reason, who=recipients: notify(
                    recipients=who,
                    subject=_("Application %(number)s returned") % {"number": app.receipt_number},
                    body=r,
                    about=app,
                    event="application.returned",
                )
            )
            expired.append(request.application_id)
    return expired


def _reviewer_in_state(application: Application, user: AbstractBaseUser, state: str) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not user_roles(user) & BUREAU:
        raise PermissionDenied
    if application.status != state:
        raise TransitionRefused(
            [
                _("This can be recorded only while the application is “%(state)s”.")
                % {"state": State(state).label}
            ]
        )
    return application


@transaction.atomic
def relaxation_decide(
    *, application: Application, user: AbstractBaseUser, granted: bool, reason: str
) -> Application:
    """Grants or refuses a special or endangered project's request to relax
    the thresholds (第七条（六）), with a written reason, during material
    review."""
    application = _reviewer_in_state(application, user, State.MATERIAL_REVIEW)
    if not application.relaxation_requested:
        raise TransitionRefused([_("This application did not ask for relaxation.")])
    if not reason.strip():
        raise TransitionRefused([_("Give the reason for the decision.")])
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


@transaction.atomic
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
    application = _reviewer_in_state(application, user, State.FIELD_INSPECTION)
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
        record.file.save(name, photo, save=False)
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
    application = _reviewer_in_state(application, user, State.HEARING)
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


@transaction.atomic
def expert_assign(
    *, application: Application, user: AbstractBaseUser, expert: AbstractBaseUser
) -> ExpertAssignment:
    """Assigns an expert to an application in expert review and tells the
    expert (after commit)."""
    application = _reviewer_in_state(application, user, State.EXPERT_REVIEW)
    if not expert.groups.filter(name=Role.EXPERT).exists():
        raise TransitionRefused([_("Only accounts with the expert role can be assigned.")])
    if ExpertAssignment.objects.filter(application=application, expert=expert).exists():
        raise TransitionRefused([_("This expert is already assigned.")])
    assignment = ExpertAssignment.objects.create(
        application=application, expert=expert, assigned_by=user
    )
    log(
        instance=application,
        action="portal.application.expert_assign",
        user=user,
        data={"expert": expert.get_username()},
    )
    transaction.on_commit(
        lambda: notify(
            recipients=[expert],
            subject=_("Expert review: %(number)s") % {"number": application.receipt_number},
            body=_(
                "You are asked to review application %(number)s. Declare first, in the "
                "administration, that you have no conflict of interest."
            )
            % {"number": application.receipt_number},
            about=application,
            event="expert.assigned",
        )
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
        raise PermissionDenied
    if assignment.declared_no_conflict_at or assignment.excused_at:
        raise TransitionRefused([_("The declaration has been made already.")])
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
    Raises TransitionRefused when a score is missing or outside 0–maximum."""
    assignment = (
        ExpertAssignment.objects.select_for_update()
        .select_related("application")
        .get(pk=assignment.pk)
    )
    if assignment.expert_id != user.pk or not assignment.may_open_file:
        raise PermissionDenied
    if assignment.submitted_at is not None:
        raise TransitionRefused([_("The scores have been submitted already.")])
    if assignment.application.status != State.EXPERT_REVIEW:
        raise TransitionRefused([_("The expert review of this application is closed.")])
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
        raise TransitionRefused(problems)
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


@transaction.atomic
def candidate_list_create(
    *, user: AbstractBaseUser, title: str, kind: str, decision: str, applications: list
) -> CandidateList:
    """Records the bureau's candidate list: every application, each having
    finished review, moves to the list by its declared transition, or
    nothing is recorded at all."""
    if not applications:
        raise TransitionRefused([_("Choose at least one application.")])
    applications = sorted(applications, key=lambda a: a.receipt_number or "")
    if not decision.strip():
        raise TransitionRefused([_("Record the bureau's decision.")])
    problems = []
    for application in applications:
        if application.kind != kind:
            problems.append(
                _("%(application)s is not of this kind.") % {"application": application}
            )
    if problems:
        raise TransitionRefused(problems)
    candidates = CandidateList.objects.create(
        title=title.strip(), kind=kind, decision=decision.strip(), created_by=user
    )
    for application in applications:
        application_transition(
            application=application,
            action="add_to_candidate_list",
            user=user,
            reason=candidates.title,
        )
    candidates.applications.set(applications)
    log(
        instance=candidates,
        action="portal.candidate_list.create",
        user=user,
        data={
            "applications": [a.receipt_number for a in applications],
            "decision": candidates.decision,
        },
    )
    return candidates
