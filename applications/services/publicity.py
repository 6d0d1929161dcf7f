"""Writes of the publicity step (公示, 第十二条): publishing a candidate list,
closing its window, and whether the approval may be recorded.

The window is a stored working-day period (portal.core WorkingDayPeriod)
whose dates the public sees; whether it is open is always judged at the
moment of the request, in Asia/Shanghai time, by selectors.publicity_status."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.dates import SHANGHAI
from portal.core.errors import Refused
from portal.core.models import WorkingDayPeriod
from portal.core.notifications import notify
from portal.core.services.periods import working_day_period_create

from ..events import candidate_list_published
from ..links import candidate_list_link
from ..models import OPEN_OBJECTION_STATES, Application, CandidateList, ObjectionStatus
from ..notifications import ApplicationEvent, application_notify
from ..roles import BUREAU, Role, require, role_members
from ..selectors import publicity_status, rules_on
from ..workflow import State

PUBLICITY_KIND = "publicity"


def bureau_staff(candidate_list: CandidateList) -> list[AbstractBaseUser]:
    """Returns who is told of a list's publicity: the bureau's reviewers
    and whoever published it."""
    staff = list(role_members(Role.MUNICIPAL_REVIEWER))
    if candidate_list.period and candidate_list.period.responsible:
        staff.append(candidate_list.period.responsible)
    return staff


@transaction.atomic
def candidate_list_publish(
    *,
    candidate_list: CandidateList,
    user: AbstractBaseUser,
    title: str,
    document_number: str,
    body: str,
    contact: str,
    published_on: datetime.date | None = None,
) -> CandidateList:
    """Publishes a candidate list for publicity, in one step: computes and
    stores its window from the measures in force on ``published_on``
    (today by default; never a past day) and announces it
    (candidate_list_published: the public site publishes the notice with
    ``title``, ``body`` and ``contact`` and renders its PDF). Returns the
    list. Raises Refused, changing nothing, when it cannot be published."""
    require(user, BUREAU, _("Only the bureau's reviewers publish candidate lists."))
    candidate_list = CandidateList.objects.select_for_update().get(pk=candidate_list.pk)
    today = timezone.localdate()
    published_on = published_on or today
    problems = []
    if candidate_list.period_id:
        problems.append(_("This candidate list has already been published."))
    if published_on < today:
        problems.append(_("The publication date cannot be in the past."))
    for field, label in ((title, _("title")), (body, _("notice text")), (contact, _("contact"))):
        if not field.strip():
            problems.append(_("Fill in the %(field)s.") % {"field": label})
    not_candidates = candidate_list.applications.exclude(status=State.CANDIDATE)
    for application in not_candidates:
        problems.append(
            _("%(application)s is no longer a candidate (%(state)s).")
            % {"application": application, "state": application.get_status_display()}
        )
    if problems:
        raise Refused(problems)

    rules = rules_on(day=published_on)
    period = working_day_period_create(
        kind=PUBLICITY_KIND,
        label=title.strip(),
        anchor_date=published_on,
        working_days=rules.publicity_working_days,
        first_day_rule=rules.publicity_first_day,
        responsible=user,
        owner=candidate_list,
    )
    candidate_list.period = period
    candidate_list.published_on = published_on
    candidate_list.document_number = document_number.strip()
    candidate_list.save(update_fields=["period", "published_on", "document_number"])
    candidate_list_published.send(
        sender=CandidateList,
        candidate_list=candidate_list,
        user=user,
        title=title.strip(),
        body=body.strip(),
        contact=contact.strip(),
    )
    _tell_applicants(
        candidate_list=candidate_list,
        event=ApplicationEvent.PUBLICITY_STARTED,
        start=period.start_date,
        end=period.end_date,
    )
    log(
        instance=candidate_list,
        action="portal.candidate_list.publish",
        user=user,
        data={
            "page": candidate_list.publicity_page_id,
            "published_on": published_on.isoformat(),
            "start": period.start_date.isoformat(),
            "end": period.end_date.isoformat(),
            "provisional": period.provisional,
            "working_days": period.working_days,
        },
    )
    return candidate_list


def publicity_close(*, candidate_list_id: int, now: datetime.datetime | None = None) -> bool:
    """Records the end of a list's publicity window once it has passed:
    stamps the period closed, counts the objections received, logs it and
    tells the bureau. Returns True if this call closed it; False when the
    window is still running or was closed already (by another worker, a
    retried task or a second beat), so it is closed exactly once."""
    now = now or timezone.now()
    with transaction.atomic():
        candidate_list = (
            CandidateList.objects.select_for_update(of=("self",))
            .select_related("period")
            .filter(pk=candidate_list_id, period__isnull=False)
            .first()
        )
        if candidate_list is None:
            return False
        status = publicity_status(candidate_list=candidate_list, now=now)
        if now < status.closes_at:
            return False
        # The conditional update is the guard: only one caller sees a row.
        if not WorkingDayPeriod.objects.filter(
            pk=candidate_list.period_id, closed_at__isnull=True
        ).update(closed_at=now):
            return False
        objections = candidate_list.objections.all()
        received = objections.count()
        still_open = objections.filter(status__in=OPEN_OBJECTION_STATES).count()
        candidate_list.objections_at_close = received
        candidate_list.save(update_fields=["objections_at_close"])
        log(
            instance=candidate_list,
            action="portal.candidate_list.close",
            data={
                "end": status.end.isoformat(),
                "objections": received,
                "open_objections": still_open,
            },
        )
        notify(
            recipients=bureau_staff(candidate_list),
            event=ApplicationEvent.PUBLICITY_CLOSED,
            about=candidate_list,
            context={
                "list": candidate_list.title,
                "start": status.start.isoformat(),
                "end": status.end.isoformat(),
                "n": received,
                "open": still_open,
            },
        )
        _tell_applicants(
            candidate_list=candidate_list,
            event=ApplicationEvent.PUBLICITY_ENDED,
            start=status.start,
            end=status.end,
        )
    return True


def _tell_applicants(*, candidate_list: CandidateList, event, start, end) -> None:
    """Tells the members of each organisation on the list that the
    publicity of its application starts or ends, with the window's dates
    and the link of the public notice (of the application's page when
    the notice is not published)."""
    link = candidate_list_link(candidate_list, None)
    for application in candidate_list.applications.select_related("organisation"):
        application_notify(
            application=application,
            event=event,
            link=link,
            context={
                "number": application.receipt_number,
                "name": application.organisation.name,
                "list": candidate_list.title,
                "start": start.isoformat(),
                "end": end.isoformat(),
            },
        )


def publicity_close_due(*, now: datetime.datetime | None = None) -> list[int]:
    """Closes every publicity window whose last day is over at ``now`` and
    returns the ids of the lists this call closed (each in its own
    transaction: one failure does not hold up the others)."""
    now = now or timezone.now()
    today = now.astimezone(SHANGHAI).date()
    due = CandidateList.objects.filter(
        period__closed_at__isnull=True, period__end_date__lt=today
    ).values_list("pk", flat=True)
    return [pk for pk in list(due) if publicity_close(candidate_list_id=pk, now=now)]


def decision_problems(
    *,
    candidate_list: CandidateList,
    document_number: str,
    decided_on,
    applications: list[Application],
    now=None,
) -> list[str]:
    """Returns what is wrong with the municipal government's document of
    its decision (approval or refusal) on ``applications``, candidates of
    ``candidate_list``: the number must be given, and the date, not in the
    future and after the list's publicity window; at least one candidate,
    each on this list. Whether each may be decided is the caller's."""
    now = now or timezone.now()
    problems = []
    if not document_number.strip():
        problems.append(_("Give the document number of the municipal government's decision."))
    if decided_on is None:
        problems.append(_("Give the date of the municipal government's decision."))
    elif decided_on > timezone.localdate(now):
        problems.append(_("The date of the decision cannot be in the future."))
    elif candidate_list.period_id is None:
        problems.append(_("Publish the list for publicity first."))
    elif decided_on <= candidate_list.period.end_date:
        problems.append(
            _("The decision must come after the publicity window, which ended on %(end)s.")
            % {"end": candidate_list.period.end_date.isoformat()}
        )
    if not applications:
        problems.append(_("Choose at least one candidate."))
    on_list = set(candidate_list.applications.values_list("pk", flat=True))
    problems.extend(
        _("%(candidate)s is not on this list.") % {"candidate": application.organisation.name}
        for application in applications
        if application.pk not in on_list
    )
    return problems


def approval_problems(*, application: Application, now=None) -> str | None:
    """Returns why the municipal government's approval cannot be recorded
    for ``application`` now, or None: its publicity window must have closed
    and no objection to it may be open or upheld (第十二条 “无异议的”)."""
    if application.status == State.REMOVED:
        return _("%(candidate)s left the list after an objection was upheld.") % {
            "candidate": application.organisation.name
        }
    if application.status != State.CANDIDATE:
        return _("%(candidate)s is not a candidate awaiting approval (%(state)s).") % {
            "candidate": application.organisation.name,
            "state": application.get_status_display(),
        }
    candidate_list = (
        application.candidate_lists.filter(period__isnull=False).select_related("period").first()
    )
    if candidate_list is None:
        return _("%(candidate)s has not been publicised.") % {
            "candidate": application.organisation.name
        }
    status = publicity_status(candidate_list=candidate_list, now=now)
    if status.state != "closed":
        return _("The publicity window of %(candidate)s runs until 24:00 on %(end)s.") % {
            "candidate": application.organisation.name,
            "end": status.end.isoformat(),
        }
    blocking = application.objections.filter(
        Q(status__in=OPEN_OBJECTION_STATES) | Q(status=ObjectionStatus.UPHELD)
    ).first()
    if blocking is not None:
        if blocking.is_open:
            return _("Objection %(code)s to %(candidate)s is still open: decide it first.") % {
                "code": blocking.receipt_code,
                "candidate": application.organisation.name,
            }
        return _("Objection %(code)s to %(candidate)s was upheld.") % {
            "code": blocking.receipt_code,
            "candidate": application.organisation.name,
        }
    return None
