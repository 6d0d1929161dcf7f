"""Writes of the other end of 第十二条: the municipal government does not
approve candidates of a publicised list. The bureau records the refusal
(the government's document, its date and reason); each candidate takes
the declared transition “record_refusal” and its procedure ends; the
refusal is kept on the record (GovernmentRefusal), with the scan of the
document when there is one, as the approval is."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import Refused
from portal.core.files import atomic_with_files, file_store
from portal.core.uploads import upload_sha256, validate_upload

from ..models import Application, CandidateList, GovernmentRefusal
from ..roles import BUREAU, require
from .publicity import decision_problems, publicity_close
from .transitions import application_transition, transition_check

# A scan of the government's document: a PDF or an image.
SCAN_KINDS = ("pdf", "jpeg", "png")


def _scan_problems(scan: UploadedFile | None) -> list[str]:
    """Returns why ``scan`` cannot be kept (none for no scan)."""
    if scan is None:
        return []
    try:
        kind = validate_upload(scan)
    except ValidationError as refused:
        return list(refused.messages)
    if kind not in SCAN_KINDS:
        return [_("The scan must be a PDF or an image (JPEG or PNG).")]
    return []


@atomic_with_files()
def application_refusal_record(
    *,
    candidate_list: CandidateList,
    user: AbstractBaseUser,
    document_number: str,
    refused_on: datetime.date | None,
    reason: str,
    applications: list[Application],
    scan: UploadedFile | None = None,
    now: datetime.datetime | None = None,
) -> GovernmentRefusal:
    """Records the municipal government's refusal of ``applications``,
    candidates of the publicised ``candidate_list``: each takes
    “record_refusal” (logged as portal.application.record_refusal with the
    document, its date and the list; the applicant is told, with the
    reason), and the refusal is kept as a GovernmentRefusal (with the scan,
    if given), which is returned.

    The document number, a date after the publicity window and not in the
    future, a reason and at least one candidate of this list still
    awaiting the decision are needed; otherwise raises Refused listing
    every problem and changes nothing."""
    require(user, BUREAU, _("Only the bureau's reviewers record the government's decisions."))
    now = now or timezone.now()
    candidate_list = (
        CandidateList.objects.select_for_update(of=("self",))
        .select_related("period")
        .get(pk=candidate_list.pk)
    )
    # A window that has ended but that beat has not yet closed is closed now,
    # as for an approval: its end is recorded (and told) before the decision.
    publicity_close(candidate_list_id=candidate_list.pk, now=now)
    problems = decision_problems(
        candidate_list=candidate_list,
        document_number=document_number,
        decided_on=refused_on,
        applications=applications,
        now=now,
    )
    if not reason.strip():
        problems.append(_("Give the reason the municipal government gave."))
    problems.extend(_scan_problems(scan))
    for application in candidate_list.applications.filter(
        pk__in=[a.pk for a in applications]
    ).select_related("organisation"):
        try:
            transition_check(
                application=application,
                action="record_refusal",
                user=user,
                # A missing reason is told once, above.
                reason=reason if reason.strip() else "-",
            )
        except Refused as refused:
            problems.extend(
                f"{application.organisation.name}: {problem}" for problem in refused.problems
            )
    if problems:
        raise Refused(problems)

    refusal = GovernmentRefusal(
        candidate_list=candidate_list,
        document_number=document_number.strip(),
        refused_on=refused_on,
        reason=reason.strip(),
        recorded_by=user,
    )
    if scan is not None:
        refusal.scan_sha256 = upload_sha256(scan)
        refusal.scan_name = file_store(refusal.scan, scan)
    refusal.save()

    told = _("Not approved by the municipal government (%(number)s, %(date)s): %(reason)s") % {
        "number": refusal.document_number,
        "date": refused_on.isoformat(),
        "reason": refusal.reason,
    }
    refused = [
        application_transition(
            application=application,
            action="record_refusal",
            user=user,
            reason=told,
            log_data={
                "candidate_list": candidate_list.pk,
                "document_number": refusal.document_number,
                "refused_on": refused_on.isoformat(),
                "refusal": refusal.pk,
            },
        )
        for application in sorted(applications, key=lambda a: a.receipt_number or "")
    ]
    refusal.applications.set(refused)
    log(
        instance=refusal,
        action="portal.refusal.record",
        user=user,
        data={
            "candidate_list": candidate_list.pk,
            "document_number": refusal.document_number,
            "refused_on": refused_on.isoformat(),
            "applications": [a.pk for a in refused],
            "scan_sha256": refusal.scan_sha256,
        },
    )
    return refusal
