"""Writes of a reserve's master plan (第十三–十六条) and its changes
(第三十七条): the unit files, the bureau acknowledges (备案) or returns."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.models import Township
from applications.roles import BUREAU, Role, require, role_members
from applications.selectors import rules_on
from portal.core.errors import Refused
from portal.core.files import atomic_with_files, file_store
from portal.core.notifications import notify
from portal.core.uploads import upload_problems

from ..models import (
    FilingStatus,
    MasterPlan,
    ObligationKind,
    ObligationStatus,
    PlanChange,
    PlanChangeStatus,
    ProtectedUnit,
)
from ..notifications import UnitEvent, unit_notify
from ..selectors.filings import plan_change_approval_problems
from ..selectors.units import unit_county_list
from .filing import (
    obligation_locked,
    obligation_move,
    obligation_pending,
    unit_member_or_refuse,
)
from .obligations import obligations_generate


def _plan_problems(
    *,
    unit: ProtectedUnit,
    starts_on: datetime.date | None,
    term_years: int,
    phases: tuple[int, int | None, int | None],
    term_reason: str = "",
    core: list[Township],
    dissemination: list[Township],
    filed_on: datetime.date | None = None,
) -> list[str]:
    """Returns every problem of a plan's structure. 第十六条 sets the term
    and the near term "generally" (一般): another term, or a longer near
    term, needs a written reason. The phases after the near term are
    optional ("可根据要求分为"). With ``filed_on`` (a first filing, whose
    start opens acceptance, 第十八条) the term starts between the unit's
    establishment and the filing day."""
    rules = rules_on(day=unit.established_on)
    problems = []
    if unit.kind != "reserve":
        problems.append(_("Only a reserve files a master plan."))
    if starts_on is None:
        problems.append(_("Give the day the plan's term starts."))
    elif starts_on < unit.established_on:
        problems.append(
            _("The plan's term cannot start before the unit was established (%(day)s).")
            % {"day": date_format(unit.established_on, "DATE_FORMAT")}
        )
    elif filed_on is not None and starts_on > filed_on:
        problems.append(
            _(
                "The plan's term starts on the day it is filed (%(day)s) at the latest: "
                "acceptance counts from it."
            )
            % {"day": date_format(filed_on, "DATE_FORMAT")}
        )
    if term_years < 1:
        problems.append(_("The term must be at least one year."))
    near = phases[0]
    given = [p for p in phases if p is not None]
    if near is None or min(given) < 1:
        problems.append(_("The near term, and each further phase given, lasts at least a year."))
    elif all(p is not None for p in phases) and sum(given) != term_years:
        problems.append(
            _("The near, mid and long terms (%(sum)d years) must add up to the term (%(term)d).")
            % {"sum": sum(given), "term": term_years}
        )
    elif sum(given) > term_years:
        problems.append(
            _("The phases (%(sum)d years) are longer than the term (%(term)d).")
            % {"sum": sum(given), "term": term_years}
        )
    if not term_reason.strip() and (
        term_years != rules.plan_term_years or (near or 0) > rules.near_term_max_years
    ):
        problems.append(
            _(
                "The term is generally %(term)d years and the near term at most %(near)d "
                "(Article 16): give the reason for other values."
            )
            % {"term": rules.plan_term_years, "near": rules.near_term_max_years}
        )
    if not core:
        problems.append(_("Choose the townships of the core area."))
    if {t.pk for t in core} & {t.pk for t in dissemination}:
        problems.append(_("A township cannot be in both the core and the dissemination area."))
    # Townships of any of the unit's counties (a reserve may span several).
    counties = unit_county_list(unit)
    outside = [
        t.name for t in [*core, *dissemination] if t.county_id not in {c.pk for c in counties}
    ]
    if outside:
        problems.append(
            _("Not in %(county)s: %(names)s.")
            % {"county": "、".join(c.name for c in counties), "names": "、".join(outside)}
        )
    return problems


def _plan_create(
    *,
    unit,
    user,
    upload,
    starts_on,
    term_years,
    phases,
    term_reason,
    core,
    dissemination,
    replaces=None,
    villages=None,
) -> MasterPlan:
    chosen = {str(t.pk) for t in [*core, *dissemination]}
    plan = MasterPlan(
        unit=unit,
        villages={k: v for k, v in (villages or {}).items() if str(k) in chosen and v},
        starts_on=starts_on,
        term_years=term_years,
        near_term_years=phases[0],
        mid_term_years=phases[1],
        long_term_years=phases[2],
        term_reason=term_reason.strip(),
        submitted_by=user,
        replaces=replaces,
    )
    plan.document_name = file_store(plan.document, upload)
    plan.save()
    plan.core_townships.set(core)
    plan.dissemination_townships.set(dissemination)
    return plan


@atomic_with_files()
def plan_submit(
    *,
    unit: ProtectedUnit,
    user: AbstractBaseUser,
    upload: UploadedFile | None,
    starts_on: datetime.date | None,
    term_years: int | None = None,
    phases: tuple[int, int | None, int | None],
    term_reason: str = "",
    core: list[Township],
    dissemination: list[Township] = (),
    villages: dict | None = None,
) -> MasterPlan:
    """Files a reserve's master plan for the bureau's acknowledgement (备案):
    the document and its structure — term (by default the rules'), the
    near-term phase (at most the rules' years) and optional mid and long
    terms, a written reason for a term or near term other than the rules',
    the day the term starts (between establishment and today: acceptance
    counts from it), core and dissemination areas as townships of the
    unit's counties, with villages and communities under them
    ({township pk: [names]}). Raises Refused with every problem, and stores nothing,
    otherwise."""
    unit = ProtectedUnit.objects.select_for_update().get(pk=unit.pk)
    unit_member_or_refuse(unit, user)
    term_years = term_years or rules_on(day=unit.established_on).plan_term_years
    dissemination = list(dissemination)
    problems = _plan_problems(
        unit=unit,
        starts_on=starts_on,
        term_years=term_years,
        phases=phases,
        term_reason=term_reason,
        core=core,
        dissemination=dissemination,
        filed_on=timezone.localdate(),
    )
    if unit.plans.filter(status__in=[FilingStatus.SUBMITTED, FilingStatus.FILED]).exists():
        problems.append(
            _("A plan is already filed or awaiting the bureau; request a change instead.")
        )
    problems += upload_problems(upload, missing=_("Attach the plan document."))
    if problems:
        raise Refused(problems)
    plan = _plan_create(
        unit=unit,
        user=user,
        upload=upload,
        starts_on=starts_on,
        term_years=term_years,
        phases=phases,
        term_reason=term_reason,
        core=core,
        dissemination=dissemination,
        villages=villages,
    )
    obligation = obligation_pending(unit, ObligationKind.MASTER_PLAN)
    obligation_move(obligation, ObligationStatus.SUBMITTED)
    plan.obligation = obligation
    plan.save(update_fields=["obligation"])
    log(
        instance=plan,
        action="portal.plan.submit",
        user=user,
        data={
            "unit": unit.code,
            "term": term_years,
            "phases": list(phases),
            "term_reason": plan.term_reason,
        },
    )
    notify(
        recipients=role_members(Role.MUNICIPAL_REVIEWER),
        event=UnitEvent.PLAN_SUBMITTED,
        about=plan,
        context={"unit": unit.name},
    )
    return plan


@transaction.atomic
def plan_decide(
    *, plan: MasterPlan, user: AbstractBaseUser, filed: bool, note: str = ""
) -> MasterPlan:
    """Acknowledges (备案) a submitted plan, which fulfils the obligation and
    starts the clock of acceptance, or returns it with a written note."""
    require(user, BUREAU, _("Only the bureau's reviewers decide on filings."))
    plan = MasterPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    if plan.status != FilingStatus.SUBMITTED or hasattr(plan, "change_request"):
        raise Refused([_("This plan is not awaiting acknowledgement.")])
    if not filed and not note.strip():
        raise Refused([_("Write why the plan is returned.")])
    plan.status = FilingStatus.FILED if filed else FilingStatus.RETURNED
    plan.decided_by, plan.decided_at, plan.bureau_note = user, timezone.now(), note.strip()
    plan.save(update_fields=["status", "decided_by", "decided_at", "bureau_note"])
    obligation = obligation_locked(plan.obligation_id)
    obligation_move(obligation, ObligationStatus.DONE if filed else ObligationStatus.OPEN)
    log(
        instance=plan,
        action="portal.plan.file" if filed else "portal.plan.return",
        user=user,
        data={"note": plan.bureau_note},
    )
    if filed:
        # Acceptance becomes possible the rules' years into the plan.
        obligations_generate(
            day=timezone.localdate(), units=ProtectedUnit.objects.filter(pk=plan.unit_id)
        )
    unit_notify(
        unit=plan.unit,
        event=UnitEvent.PLAN_DECIDED,
        about=plan,
        context={
            "state": plan.get_status_display(),
            "note": plan.bureau_note or _("The bureau acknowledged your master plan."),
        },
    )
    return plan


@atomic_with_files()
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
    phases: tuple[int, int | None, int | None],
    term_reason: str = "",
    core: list[Township],
    dissemination: list[Township] = (),
    villages: dict | None = None,
) -> PlanChange:
    """Asks to change a filed plan (第三十七条): the new plan, with its
    villages as plan_submit takes them, evidence that residents were
    consulted and the county government's consent, both required before
    the bureau may approve."""
    plan = MasterPlan.objects.select_for_update().select_related("unit").get(pk=plan.pk)
    unit = plan.unit
    unit_member_or_refuse(unit, user)
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
        term_reason=term_reason,
        core=core,
        dissemination=dissemination,
    )
    problems += upload_problems(upload, missing=_("Attach the changed plan."))
    problems += upload_problems(
        consultation, missing=_("Attach the evidence that residents were consulted.")
    )
    problems += upload_problems(consent, missing=_("Attach the county government's consent."))
    if problems:
        raise Refused(problems)
    new_plan = _plan_create(
        unit=unit,
        user=user,
        upload=upload,
        starts_on=starts_on,
        term_years=term_years,
        phases=phases,
        term_reason=term_reason,
        core=core,
        dissemination=dissemination,
        replaces=plan,
        villages=villages,
    )
    change = PlanChange(plan=plan, new_plan=new_plan, reason=reason.strip())
    file_store(change.consultation, consultation)
    file_store(change.consent, consent)
    change.save()
    log(instance=plan, action="portal.plan.change_request", user=user, data={"change": change.pk})
    notify(
        recipients=role_members(Role.MUNICIPAL_REVIEWER),
        event=UnitEvent.PLAN_CHANGE_REQUESTED,
        about=plan,
        context={"unit": unit.name, "note": change.reason},
    )
    return change


@transaction.atomic
def plan_change_decide(
    *, change: PlanChange, user: AbstractBaseUser, approved: bool, reason: str
) -> PlanChange:
    """Approves a plan change (the new plan is filed and replaces the old,
    which is kept) or refuses it, with a written reason either way."""
    require(user, BUREAU, _("Only the bureau's reviewers decide on filings."))
    change = (
        PlanChange.objects.select_for_update()
        .select_related("plan__unit", "new_plan")
        .get(pk=change.pk)
    )
    if change.status != PlanChangeStatus.SUBMITTED:
        raise Refused([_("This change was already decided.")])
    if not reason.strip():
        raise Refused([_("Write the reason for the decision.")])
    if approved and (problems := plan_change_approval_problems(change=change)):
        raise Refused(problems)
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
    unit_notify(
        unit=change.plan.unit,
        event=UnitEvent.PLAN_CHANGE_DECIDED,
        about=change.plan,
        context={"state": change.get_status_display(), "note": change.decision_reason},
    )
    return change
