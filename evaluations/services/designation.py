"""Writes of the last step of 第十二条: the municipal government's approval,
which establishes the units (设立); the public site announces them and
issues their certificates (授牌)."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.models import Application, ApplicationKind, CandidateList, InvolvementStatus
from applications.roles import BUREAU, require
from applications.services.numbering import counter_next
from applications.services.publicity import (
    approval_problems,
    decision_problems,
    publicity_close,
)
from applications.services.transitions import application_transition
from portal.core.errors import Refused
from portal.core.files import atomic_with_files, file_store
from portal.core.uploads import upload_problems, upload_sha256

from ..events import units_established
from ..models import ZONE_SUFFIX, Approval, ProtectedUnit, UnitStatus
from ..notifications import UnitEvent, unit_notify

UNIT_CODES = {ApplicationKind.BASE: "JD", ApplicationKind.RESERVE: "SYQ"}


def unit_code_next(*, kind: str, year: int) -> str:
    """Returns the next certificate number of an established unit of
    ``kind`` in ``year``: 2026-JD-001 for bases, 2026-SYQ-001 for zones
    (unique and without gaps, see counter_next)."""
    number = counter_next(code=f"U{UNIT_CODES[kind]}", year=year)
    return f"{year}-{UNIT_CODES[kind]}-{number:03d}"


def _unit_counties(application: Application) -> list:
    """Returns the counties of the unit an application establishes: the
    organisation's (the lead), then for a reserve those that confirmed
    taking part and those its townships lie in, by code."""
    lead = application.organisation.county
    if application.kind != ApplicationKind.RESERVE:
        return [lead]
    others = {
        *(
            i.county
            for i in application.involvements.filter(
                status=InvolvementStatus.CONFIRMED
            ).select_related("county")
        ),
        *(t.county for t in application.townships.select_related("county")),
    } - {lead}
    return [lead, *sorted(others, key=lambda c: c.code)]


def _unit_name(application: Application) -> str:
    if application.kind == ApplicationKind.RESERVE:
        names = "、".join(c.name for c in _unit_counties(application))
        return f"{names}{ZONE_SUFFIX}"
    return f"{application.organisation.name}（{application.get_category_display()}）"


@atomic_with_files()
def approval_record(
    *,
    candidate_list: CandidateList,
    user: AbstractBaseUser,
    document_number: str,
    approved_on: datetime.date,
    scan: UploadedFile | None,
    applications: list[Application],
    now: datetime.datetime | None = None,
) -> Approval:
    """Records the municipal government's approval of candidates of a
    publicised list and establishes each: the declared transition
    “establish” (the applicant is told), a ProtectedUnit (reserve →
    experimental zone; base → designated in its category), and the
    announcement (units_established: the public site publishes one notice
    and issues the certificates).

    Every candidate must have had its window closed with no open or upheld
    objection; otherwise Refused lists each problem and nothing is
    recorded."""
    require(user, BUREAU, _("Only the bureau's reviewers record approvals."))
    now = now or timezone.now()
    candidate_list = CandidateList.objects.select_for_update().get(pk=candidate_list.pk)
    problems = decision_problems(
        candidate_list=candidate_list,
        document_number=document_number,
        decided_on=approved_on,
        applications=applications,
        now=now,
    )
    problems += upload_problems(scan, missing=_("Attach the scan of the approval."))
    # A window that has ended but that beat has not yet closed is closed now.
    publicity_close(candidate_list_id=candidate_list.pk, now=now)
    for application in candidate_list.applications.filter(pk__in=[a.pk for a in applications]):
        problem = approval_problems(application=application, now=now)
        if problem:
            problems.append(problem)
    if problems:
        raise Refused(problems)

    approval = Approval(
        candidate_list=candidate_list,
        document_number=document_number.strip(),
        approved_on=approved_on,
        scan_sha256=upload_sha256(scan),
        recorded_by=user,
    )
    approval.scan_name = file_store(approval.scan, scan)
    approval.save()

    units = []
    for application in sorted(applications, key=lambda a: a.receipt_number or ""):
        application_transition(
            application=application,
            action="establish",
            user=user,
            reason=_("Approved by the municipal government: %(number)s")
            % {"number": approval.document_number},
        )
        unit = ProtectedUnit.objects.create(
            code=unit_code_next(kind=application.kind, year=approved_on.year),
            name=_unit_name(application),
            kind=application.kind,
            category=application.category,
            status=UnitStatus.EXPERIMENTAL_ZONE
            if application.kind == ApplicationKind.RESERVE
            else UnitStatus.DESIGNATED_BASE,
            organisation=application.organisation,
            county=application.organisation.county,
            ich_projects=[
                {"name": p.get("name", ""), "level": p.get("level", "")}
                for p in application.ich_projects
            ],
            established_on=approved_on,
            application=application,
            approval=approval,
        )
        unit.townships.set(application.townships.all())
        unit.counties.set(_unit_counties(application))
        log(
            instance=unit,
            action="portal.unit.establish",
            user=user,
            data={"code": unit.code, "approval": approval.document_number},
        )
        unit_notify(
            unit=unit,
            event=UnitEvent.APPROVAL_RECORDED,
            about=unit,
            context={
                "document": approval.document_number,
                "date": approved_on.isoformat(),
                "number": application.receipt_number,
                "unit": unit.name,
                "code": unit.code,
            },
        )
        units.append(unit)

    units_established.send(sender=Approval, approval=approval, units=units, user=user)
    log(
        instance=approval,
        action="portal.approval.record",
        user=user,
        data={
            "candidate_list": candidate_list.pk,
            "document_number": approval.document_number,
            "approved_on": approved_on.isoformat(),
            "units": [u.code for u in units],
            "scan_sha256": approval.scan_sha256,
        },
    )
    return approval
