"""Writes of the other end of 第十二条: the municipal government does not
approve candidates of a publicised list. The bureau records the refusal
(the government's document, its date and reason); each candidate takes
the declared transition “record_refusal” and its procedure ends."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.errors import Refused

from ..models import Application, CandidateList
from ..roles import BUREAU, require
from .publicity import decision_problems
from .transitions import application_transition, transition_check


@transaction.atomic
def application_refusal_record(
    *,
    candidate_list: CandidateList,
    user: AbstractBaseUser,
    document_number: str,
    refused_on: datetime.date | None,
    reason: str,
    applications: list[Application],
    now: datetime.datetime | None = None,
) -> list[Application]:
    """Records the municipal government's refusal of ``applications``,
    candidates of the publicised ``candidate_list``: each takes
    “record_refusal” (logged as portal.application.record_refusal with the
    document, its date and the list; the applicant is told, with the
    reason). Returns the applications refused.

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
    problems = decision_problems(
        candidate_list=candidate_list,
        document_number=document_number,
        decided_on=refused_on,
        applications=applications,
        now=now,
    )
    if not reason.strip():
        problems.append(_("Give the reason the municipal government gave."))
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

    told = _("Not approved by the municipal government (%(number)s, %(date)s): %(reason)s") % {
        "number": document_number.strip(),
        "date": refused_on.isoformat(),
        "reason": reason.strip(),
    }
    return [
        application_transition(
            application=application,
            action="record_refusal",
            user=user,
            reason=told,
            log_data={
                "candidate_list": candidate_list.pk,
                "document_number": document_number.strip(),
                "refused_on": refused_on.isoformat(),
            },
        )
        for application in sorted(applications, key=lambda a: a.receipt_number or "")
    ]
