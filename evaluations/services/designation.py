"""Writes of the last step of 第十二条: the municipal government's approval,
which establishes the units (设立), with their certificates (授牌) and the
announcement on the public site."""

import datetime
import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.models import Application, ApplicationKind, CandidateList
from applications.services import TransitionRefused, application_transition, counter_next
from applications.services.publicity import approval_problems, publicity_close
from portal.core.dates import cn_date
from portal.core.pdf import pdf_replace, render_pdf
from portal.core.uploads import sanitise_filename, validate_upload

from ..models import Approval, ProtectedUnit, UnitStatus

ZONE_SUFFIX = "陶瓷文化生态保护实验区"
UNIT_CODES = {ApplicationKind.BASE: "JD", ApplicationKind.RESERVE: "SYQ"}


def unit_code_next(*, kind: str, year: int) -> str:
    """Returns the next certificate number of an established unit of
    ``kind`` in ``year``: 2026-JD-001 for bases, 2026-SYQ-001 for zones
    (unique and without gaps, see counter_next)."""
    number = counter_next(code=f"U{UNIT_CODES[kind]}", year=year)
    return f"{year}-{UNIT_CODES[kind]}-{number:03d}"


def _unit_name(application: Application) -> str:
    if application.kind == ApplicationKind.RESERVE:
        return f"{application.organisation.county.name}{ZONE_SUFFIX}"
    return f"{application.organisation.name}（{application.get_category_display()}）"


@transaction.atomic
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
    “establish”, a ProtectedUnit (reserve → experimental zone; base →
    designated in its category), its certificate PDF (queued), one
    announcement notice on the public site, and the applicants told.

    Every candidate must have had its window closed with no open or upheld
    objection; otherwise TransitionRefused lists each problem and nothing
    is recorded."""
    from cms.models import NoticePage
    from cms.selectors import portal_settings
    from cms.services import site_tree_ensure

    now = now or timezone.now()
    candidate_list = CandidateList.objects.select_for_update().get(pk=candidate_list.pk)
    problems = []
    if not document_number.strip():
        problems.append(_("Give the document number of the approval."))
    if approved_on is None:
        problems.append(_("Give the date of the approval."))
    elif approved_on > timezone.localdate(now):
        problems.append(_("The approval date cannot be in the future."))
    elif candidate_list.period_id and approved_on <= candidate_list.period.end_date:
        problems.append(
            _("The approval must come after the publicity window, which ended on %(end)s.")
            % {"end": candidate_list.period.end_date.isoformat()}
        )
    if scan is None:
        problems.append(_("Attach the scan of the approval."))
    else:
        try:
            validate_upload(scan)
        except ValidationError as refused:
            problems.extend(refused.messages)
    if not applications:
        problems.append(_("Choose at least one candidate."))
    on_list = set(candidate_list.applications.values_list("pk", flat=True))
    # A window that has ended but that beat has not yet closed is closed now.
    publicity_close(candidate_list_id=candidate_list.pk, now=now)
    for application in applications:
        if application.pk not in on_list:
            problems.append(
                _("%(candidate)s is not on this list.")
                % {"candidate": application.organisation.name}
            )
            continue
        problem = approval_problems(application=Application.objects.get(pk=application.pk), now=now)
        if problem:
            problems.append(problem)
    if problems:
        raise TransitionRefused(problems)

    digest = hashlib.sha256()
    for chunk in scan.chunks():
        digest.update(chunk)
    scan.seek(0)
    approval = Approval(
        candidate_list=candidate_list,
        document_number=document_number.strip(),
        approved_on=approved_on,
        scan_name=sanitise_filename(scan.name),
        scan_sha256=digest.hexdigest(),
        recorded_by=user,
    )
    approval.scan.save(f"{secrets.token_hex(8)}-{approval.scan_name}", scan, save=False)
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
        log(
            instance=unit,
            action="portal.unit.establish",
            user=user,
            data={"code": unit.code, "approval": approval.document_number},
        )
        units.append(unit)

    tree = site_tree_ensure()
    settings = portal_settings()
    directory_url = tree.directory.url or "/directory/"
    if candidate_list.kind == ApplicationKind.RESERVE:
        title = _("Announcement on the establishment of %(names)s") % {
            "names": "、".join(u.name for u in units)
        }
    else:
        title = _("Announcement on the designation of %(n)d protection base(s)") % {"n": len(units)}
    body = format_html(
        "<p>{}</p><ul>{}</ul><p>{}</p>",
        _(
            "Following the publicity of “%(list)s”, which received no standing objection, and "
            "with the approval of the Jingdezhen Municipal People's Government (%(number)s, "
            "%(date)s), the following units are established:"
        )
        % {
            "list": candidate_list.title,
            "number": approval.document_number,
            "date": cn_date(approved_on),
        },
        format_html_join(
            "",
            '<li><a href="{}{}/">{}</a> ({})</li>',
            ((directory_url, u.code, u.name, u.get_status_display()) for u in units),
        ),
        _("Each unit's entry in the directory shows its certificate."),
    )
    notice = NoticePage(
        title=title[:255],
        slug=f"establishment-{approval_ref(approval)}",
        date=approved_on,
        document_number="",
        issuing_body=settings.bureau_name,
        body=str(body),
    )
    tree.notice_index.add_child(instance=notice)
    notice.save_revision(user=user, log_action=False).publish(user=user)
    approval.notice_page = notice
    approval.save(update_fields=["notice_page"])
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
    unit_ids = [u.pk for u in units]
    transaction.on_commit(lambda: _queue_certificates(unit_ids))
    return approval


def approval_ref(approval: Approval) -> str:
    """Returns a URL-safe reference of an approval for slugs."""
    return f"{approval.approved_on:%Y%m%d}-{approval.pk}"


def _queue_certificates(unit_ids: list[int]) -> None:
    from ..tasks import unit_certificate_render

    for pk in unit_ids:
        unit_certificate_render.delay(pk)


@transaction.atomic
def unit_certificate_render(*, unit_id: int) -> ProtectedUnit | None:
    """Renders the unit's certificate (授牌) as a PDF and stores it; returns
    the unit, or None when it is gone."""
    from cms.selectors import portal_settings

    unit = (
        ProtectedUnit.objects.select_for_update(of=("self",))
        .select_related("approval", "organisation", "county")
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        return None
    pdf = render_pdf(
        "pdf/certificate.html",
        {
            "unit": unit,
            "bureau": portal_settings().bureau_name,
            "date": cn_date(unit.established_on),
            "designation": unit.get_category_display() if unit.category else ZONE_SUFFIX,
        },
    )
    stored = pdf_replace(unit.certificate_pdf, filename=f"{unit.code}.pdf", data=pdf)
    unit.save(update_fields=["certificate_pdf"])
    log(instance=unit, action="portal.unit.certificate", data=stored)
    return unit
