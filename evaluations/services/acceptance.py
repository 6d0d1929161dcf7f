"""Writes of the acceptance of an experimental zone (第十八条): once its
filed plan has been carried out for the rules' years, the zone applies;
a pass names it a cultural ecology protection zone."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from applications.roles import BUREAU, Role, require, role_members
from applications.selectors import rules_on
from portal.core.errors import Refused
from portal.core.files import atomic_with_files, file_store
from portal.core.notifications import notify
from portal.core.uploads import upload_problems

from ..events import zone_accepted
from ..models import (
    Acceptance,
    AcceptanceStatus,
    ObligationKind,
    ObligationStatus,
    ProtectedUnit,
    UnitStatus,
)
from ..notifications import UnitEvent, unit_notify
from .filing import (
    obligation_locked,
    obligation_move,
    obligation_pending,
    unit_member_or_refuse,
)


@atomic_with_files()
def acceptance_apply(
    *, unit: ProtectedUnit, user: AbstractBaseUser, upload: UploadedFile | None, today=None
) -> Acceptance:
    """Applies for acceptance of an experimental zone whose filed plan has
    been carried out for the rules' years (acceptance_after_years, from
    the day the plan's term starts)."""
    today = today or timezone.localdate()
    unit = ProtectedUnit.objects.select_for_update().get(pk=unit.pk)
    unit_member_or_refuse(unit, user)
    problems = []
    if unit.kind != "reserve" or unit.status != UnitStatus.EXPERIMENTAL_ZONE:
        problems.append(_("Only an experimental zone applies for acceptance."))
    obligation = obligation_pending(unit, ObligationKind.ACCEPTANCE)
    if obligation is None:
        problems.append(_("Acceptance opens once the master plan is filed."))
    elif obligation.due_date > today:
        years = rules_on(day=unit.established_on).acceptance_after_years
        problems.append(
            ngettext(
                "Acceptance opens on %(day)s, after %(n)d year of plan implementation.",
                "Acceptance opens on %(day)s, after %(n)d years of plan implementation.",
                years,
            )
            % {"day": date_format(obligation.due_date, "DATE_FORMAT"), "n": years}
        )
    if unit.acceptances.filter(status=AcceptanceStatus.APPLIED).exists():
        problems.append(_("An application for acceptance is already awaiting the bureau."))
    problems += upload_problems(upload, missing=_("Attach the acceptance report."))
    if problems:
        raise Refused(problems)
    acceptance = Acceptance(unit=unit, obligation=obligation, applied_by=user)
    acceptance.report_name = file_store(acceptance.report, upload)
    acceptance.save()
    obligation_move(obligation, ObligationStatus.SUBMITTED)
    log(instance=acceptance, action="portal.acceptance.apply", user=user, data={"unit": unit.code})
    notify(
        recipients=role_members(Role.MUNICIPAL_REVIEWER),
        event=UnitEvent.ACCEPTANCE_APPLIED,
        about=acceptance,
        context={"unit": unit.name},
    )
    return acceptance


PROTECTION_ZONE_NAME = ("文化生态保护实验区", "文化生态保护区")


@transaction.atomic
def acceptance_decide(
    *, acceptance: Acceptance, user: AbstractBaseUser, passed: bool, reason: str
) -> Acceptance:
    """Decides an application for acceptance with a written reason. A pass
    names the zone a cultural ecology protection zone: its status and name
    change, and it is announced (zone_accepted: the public site publishes
    the notice and issues the plaque); a fail leaves the obligation open
    for a new application."""
    require(user, BUREAU, _("Only the bureau's reviewers decide on filings."))
    acceptance = Acceptance.objects.select_for_update().select_related("unit").get(pk=acceptance.pk)
    if acceptance.status != AcceptanceStatus.APPLIED:
        raise Refused([_("This application was already decided.")])
    if not reason.strip():
        raise Refused([_("Write the reason for the decision.")])
    unit = ProtectedUnit.objects.select_for_update().get(pk=acceptance.unit_id)
    acceptance.status = AcceptanceStatus.PASSED if passed else AcceptanceStatus.FAILED
    acceptance.decided_by, acceptance.decided_at = user, timezone.now()
    acceptance.decision_reason = reason.strip()
    acceptance.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    obligation_move(
        obligation_locked(acceptance.obligation_id),
        ObligationStatus.DONE if passed else ObligationStatus.OPEN,
    )
    if passed:
        old_name = unit.name
        unit.status = UnitStatus.PROTECTION_ZONE
        unit.name = unit.name.replace(*PROTECTION_ZONE_NAME)
        unit.save(update_fields=["status", "name"])
        log(
            instance=unit,
            action="portal.unit.protection_zone",
            user=user,
            data={"old_name": old_name, "name": unit.name},
        )
        acceptance.unit = unit
        zone_accepted.send(sender=Acceptance, acceptance=acceptance, old_name=old_name, user=user)
    log(
        instance=acceptance,
        action="portal.acceptance.pass" if passed else "portal.acceptance.fail",
        user=user,
        data={"reason": acceptance.decision_reason},
    )
    unit_notify(
        unit=unit,
        event=UnitEvent.ACCEPTANCE_DECIDED,
        about=acceptance,
        context={"state": acceptance.get_status_display(), "note": acceptance.decision_reason},
    )
    return acceptance
