"""Writes of the bureau's candidate list (备选名单, 第十一条)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import Refused

from ..models import CandidateList
from .transitions import application_transition


@transaction.atomic
def candidate_list_create(
    *, user: AbstractBaseUser, title: str, kind: str, decision: str, applications: list
) -> CandidateList:
    """Records the bureau's candidate list: every application, each having
    finished review, moves to the list by its declared transition, or
    nothing is recorded at all."""
    if not applications:
        raise Refused([_("Choose at least one application.")])
    applications = sorted(applications, key=lambda a: a.receipt_number or "")
    if not decision.strip():
        raise Refused([_("Record the bureau's decision.")])
    problems = []
    for application in applications:
        if application.kind != kind:
            problems.append(
                _("%(application)s is not of this kind.") % {"application": application}
            )
    if problems:
        raise Refused(problems)
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
