"""Writes of submission: what stops it, the judgement it keeps, the receipt
number it gives, and the receipt (受理回执) rendered after it."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import Refused
from portal.core.pdf import render_pdf
from portal.core.queue import task_queue_after_commit

from ..declaration import DECLARATION_VERSION
from ..eligibility import (
    OUTLINE_PARTS,
    QUALITATIVE_BASE_CONDITIONS,
    QUALITATIVE_RESERVE_CONDITIONS,
    Result,
    base_eligibility,
    inheritors_criterion,
    reserve_eligibility,
)
from ..materials import slots_for
from ..models import AccountProfile, Application, ApplicationKind
from ..notifications import ApplicationEvent, application_notify
from ..selectors import claim_problem, rules_on
from .involvements import involvement_problems
from .numbering import receipt_number_next
from .staff_notices import reviewers_notify
from .transitions import application_transition, transition_check


def _missing_materials(application: Application) -> list[tuple[str, str]]:
    present = set(application.materials.values_list("slot", flat=True))
    return [
        (_("Upload: %(material)s.") % {"material": slot.label}, "materials")
        for slot, required in slots_for(application)
        if required and slot.code not in present
    ]


def _reserve_problems(application: Application, judgement) -> list[tuple[str, str]]:
    # Every county the reserve names must have confirmed (第六条（一）).
    problems = [(problem, "area") for problem in involvement_problems(application)]
    if application.holistic_since is None:
        problems.append((_("Give the date holistic protection began (Article 5 (9))."), "area"))
    for code, article in QUALITATIVE_RESERVE_CONDITIONS:
        if not (application.narrative.get(code) or "").strip():
            problems.append((_("Answer %(article)s.") % {"article": article}, "area"))
    for code, article in OUTLINE_PARTS:
        if not (application.outline.get(code) or "").strip():
            problems.append(
                (
                    _("Write part %(article)s of the planning outline.") % {"article": article},
                    "outline",
                )
            )
    problems.extend(_missing_materials(application))
    problems.extend((c.message, "area") for c in judgement.failures())
    return problems


# The criterion judged on the first step of a base; the others on the second.
PROJECTS_CRITERIA = frozenset({"inheritors"})


def application_problem_steps(application: Application, judgement) -> list[tuple[str, str]]:
    """Returns what stops submission, each with the code of the step of the
    application's form that fixes it (projects, numbers, area, outline,
    materials): missing facts and files, failed criteria, a relaxation
    needed but not asked for with a reason."""
    if application.kind == ApplicationKind.RESERVE:
        return _reserve_problems(application, judgement)
    problems = []
    if not application.category:
        problems.append((_("Choose the category of base."), "projects"))
    if not application.ich_projects:
        problems.append((_("Name at least one ICH project."), "projects"))
    if judgement is None:
        # Without the numbers there is no judgement yet; 第七条（二） is
        # judged alone (otherwise its failure comes with the judgement's).
        criterion = inheritors_criterion(**_inheritor_facts(application))
        if criterion.result == Result.FAIL:
            problems.append((criterion.message, "projects"))
    if application.site_area_m2 is None:
        problems.append((_("Give the site area."), "numbers"))
    if application.staff_count is None:
        problems.append((_("Give the number of staff."), "numbers"))
    for code, article in QUALITATIVE_BASE_CONDITIONS:
        if not (application.narrative.get(code) or "").strip():
            problems.append((_("Answer %(article)s.") % {"article": article}, "numbers"))
    problems.extend(_missing_materials(application))
    if judgement is not None:
        problems.extend(
            (c.message, "projects" if c.code in PROJECTS_CRITERIA else "numbers")
            for c in judgement.failures()
        )
        needs_relaxation = judgement.overall == Result.NEEDS_RELAXATION_REVIEW
        if needs_relaxation and not (
            application.relaxation_requested and application.relaxation_reason.strip()
        ):
            problems.append(
                (
                    _(
                        "Below a threshold, a special or endangered project must ask for "
                        "relaxation and give the reason (Article 7 (6))."
                    ),
                    "numbers",
                )
            )
    return problems


def application_problems(application: Application, judgement) -> list[str]:
    """Returns what stops submission (application_problem_steps, without
    the steps)."""
    return [problem for problem, _step in application_problem_steps(application, judgement)]


def _inheritor_facts(application: Application) -> dict:
    """The facts 第七条（二） is judged on: the branch chosen and its people."""
    return {
        "branch": application.inheritor_branch,
        "inheritors": application.inheritors,
        "skilled_holders": application.skilled_holders,
    }


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
        inheritor_branch=application.inheritor_branch,
        inheritors=application.inheritors,
        skilled_holders=application.skilled_holders,
    )


@transaction.atomic
def application_submit(
    *, application: Application, user: AbstractBaseUser, declaration_version: str
) -> Application:
    """Submits a complete draft by the declared transition “submit”: gives
    it the next receipt number of its year and kind, keeps the measures
    version, rules and eligibility it was judged by and the acceptance of
    the declaration of truthfulness (when, by ``user``, the text's
    ``declaration_version``), logs it, and (after commit) renders the
    receipt and emails it.

    Raises Refused listing everything that stops submission (an
    organisation whose claim the county bureau has not confirmed included,
    a declaration not accepted in its present version), and changes
    nothing then."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    transition_check(application=application, action="submit", user=user)
    profile = AccountProfile.objects.filter(user=user).first()
    problems = []
    if declaration_version != DECLARATION_VERSION:
        problems.append(_("Accept the declaration of truthfulness as it stands now."))
    if profile is None or not profile.email_verified:
        problems.append(_("Verify your email address first (see the link we sent)."))
    # Only an organisation the county bureau has confirmed submits: a code
    # registered by someone else gains nothing (issue 13, finding 9).
    unconfirmed = claim_problem(application.organisation)
    if unconfirmed:
        problems.append(unconfirmed)
    today = timezone.localdate()
    judgement = application_judgement(application, day=today)
    problems.extend(application_problems(application, judgement))
    if problems:
        raise Refused(problems)
    rules = rules_on(day=today)
    application.receipt_number = receipt_number_next(kind=application.kind, year=today.year)
    application.measure_id = rules.measure_id
    application.rules_snapshot = rules.as_dict()
    application.eligibility = judgement.as_dict()
    application.submitted_at = timezone.now()
    application.declaration_accepted_at = application.submitted_at
    application.declaration_accepted_by = user
    application.declaration_version = declaration_version
    application.save(
        update_fields=[
            "declaration_accepted_at",
            "declaration_accepted_by",
            "declaration_version",
            "receipt_number",
            "measure",
            "rules_snapshot",
            "eligibility",
            "submitted_at",
            "updated_at",
        ]
    )
    application = application_transition(
        application=application,
        action="submit",
        user=user,
        log_data={
            "receipt_number": application.receipt_number,
            "overall": application.eligibility["overall"],
            "declaration_version": declaration_version,
        },
    )
    reviewers_notify(application=application, event=ApplicationEvent.SUBMITTED)
    task_queue_after_commit("applications.tasks.receipt_render", application.pk)
    return application


def receipt_render_store(*, application_id: int) -> Application | None:
    """Renders the 受理回执 of a submitted application, stores it (that field
    only, under the row's lock: a reviewer may be moving the application
    meanwhile) and emails the applicant. Does nothing when it exists
    already, also when another run (a retried task, the sweep) stored it
    while this one rendered: one receipt, one email."""
    application = (
        Application.objects.filter(pk=application_id, receipt_number__isnull=False)
        .select_related("organisation")
        .first()
    )
    if application is None or application.receipt_pdf:
        return application
    # Rendered before the lock is taken: a reviewer is not kept waiting.
    data = render_pdf(
        "pdf/receipt.html",
        {
            "application": application,
            # By name, in the order of the application's form.
            "slots": [
                {"label": slot.label, "files": files}
                for slot, _required in slots_for(application)
                if (files := [m for m in application.materials.all() if m.slot == slot.code])
            ],
        },
    )
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=application_id)
        )
        if locked.receipt_pdf:
            return locked
        locked.receipt_pdf.save(f"{locked.receipt_number}.pdf", ContentFile(data), save=False)
        locked.save(update_fields=["receipt_pdf"])
        log(
            instance=locked,
            action="portal.application.receipt",
            data={"receipt_number": locked.receipt_number},
        )
        application_notify(
            application=locked,
            event=ApplicationEvent.RECEIVED,
            also=(locked.created_by,),
            context={"number": locked.receipt_number},
        )
    return locked
