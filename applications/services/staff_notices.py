"""What the bureau's reviewers are told (issue 16, item 5): an application
submitted, resubmitted after a supplement or withdrawn — each inside the
transaction of its change — and, every morning, what falls due tomorrow.

The application records no assigned reviewer: the responsible reviewers
are the municipal reviewers (and, for a resubmission, whoever asked for
the supplement). Each message links the application's page in the review
workspace (portal.core.links)."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from portal.core.notifications import notify

from ..models import Application, ExpertAssignment, ReviewerDigest, SupplementRequest
from ..notifications import ApplicationEvent
from ..roles import Role, role_members


def application_reviewers(
    *, application: Application, also: list[AbstractBaseUser] | None = None
) -> list[AbstractBaseUser]:
    """Returns the reviewers responsible for ``application``: the municipal
    reviewers, and ``also`` (e.g. who asked for its supplement)."""
    return [*role_members(Role.MUNICIPAL_REVIEWER), *(u for u in also or [] if u is not None)]


def reviewers_notify(
    *,
    application: Application,
    event: ApplicationEvent,
    reason: str = "",
    also: list[AbstractBaseUser] | None = None,
) -> list[str]:
    """Tells the application's reviewers of ``event`` with the link of its
    review page. Call it inside the change's transaction. Returns the
    usernames reached."""
    return notify(
        recipients=application_reviewers(application=application, also=also),
        event=event,
        about=application,
        context={
            "number": application.receipt_number,
            "name": application.organisation.name,
            "kind": application.get_kind_display(),
            "reason": reason.strip(),
        },
    )


def _lines(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items) if items else "-"


def reviewer_digests_send(*, today: datetime.date | None = None) -> int:
    """Sends each municipal reviewer one message of the supplement
    deadlines ending tomorrow and the expert reviews still open (an
    assignment has no due date), with the link of the review queue; none
    when both are empty. A ReviewerDigest row per reviewer and day makes a
    second run (or a second beat) send nothing. Returns how many were
    sent."""
    today = today or timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    supplements = [
        f"{r.application.receipt_number} · {r.application.organisation.name}"
        for r in SupplementRequest.objects.filter(
            answered_at__isnull=True,
            expired_at__isnull=True,
            period__closed_at__isnull=True,
            period__end_date=tomorrow,
        )
        .select_related("application__organisation")
        .order_by("application__receipt_number")
    ]
    experts = [
        f"{a.application.receipt_number} · {a.expert.get_full_name() or a.expert.get_username()}"
        for a in ExpertAssignment.objects.filter(submitted_at__isnull=True, excused_at__isnull=True)
        .select_related("application", "expert")
        .order_by("application__receipt_number", "pk")
    ]
    if not supplements and not experts:
        return 0
    sent = 0
    for reviewer in role_members(Role.MUNICIPAL_REVIEWER):
        try:
            with transaction.atomic():
                digest = ReviewerDigest.objects.create(
                    reviewer=reviewer,
                    day=today,
                    supplements=len(supplements),
                    experts=len(experts),
                )
                notify(
                    recipients=[reviewer],
                    event=ApplicationEvent.REVIEWER_DIGEST,
                    about=digest,
                    context={
                        "day": tomorrow.isoformat(),
                        "supplements": len(supplements),
                        "experts": len(experts),
                        "supplement_lines": _lines(supplements),
                        "expert_lines": _lines(experts),
                    },
                    link=reverse("applications_review:index"),
                )
        except IntegrityError:  # sent today already
            continue
        sent += 1
    return sent
