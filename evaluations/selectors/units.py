"""Reads of established units: the public directory and a unit's public
history, the units an account files for, and a unit's timeline of
obligations."""

import datetime
from collections import defaultdict

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationKind
from applications.selectors import bureau_county_id, county_bureau_accounts

from ..models import (
    Acceptance,
    AcceptanceStatus,
    CountyGovernment,
    Evaluation,
    EvaluationStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ProtectedUnit,
    RectificationOrder,
    RectificationStatus,
    UnitStatus,
    obligation_label,
)

CURRENT_DAYS = 90


def units_in_county(queryset, *, county):
    """Returns the units of ``queryset`` belonging to ``county`` (a County
    or its code): its lead county, or any of its counties."""
    pk = getattr(county, "pk", county)
    matching = ProtectedUnit.objects.filter(Q(county_id=pk) | Q(counties__pk=pk)).values("pk")
    return queryset.filter(pk__in=matching)


def unit_county_list(unit) -> list:
    """Returns the counties of ``unit``: its lead county first, then the
    others it spans, by code."""
    others = [c for c in unit.counties.order_by("code") if c.pk != unit.county_id]
    return [unit.county, *others]


def units_for_user(*, user):
    """Returns the units of the organisations ``user`` is a member of."""
    return ProtectedUnit.objects.filter(organisation__members=user).select_related("county")


def units_of_county_bureau(*, user):
    """Returns the reserves a county bureau account shares with their lead
    bureau: those spanning its county, led by another county's bureau
    (its own are among units_for_user). None for anyone else."""
    county = bureau_county_id(user=user)
    if county is None:
        return ProtectedUnit.objects.none()
    return (
        units_in_county(ProtectedUnit.objects.filter(kind=ApplicationKind.RESERVE), county=county)
        .exclude(organisation__members=user)
        .select_related("county")
        .prefetch_related("counties")
    )


def unit_bureau_accounts(unit_ids) -> dict[int, list]:
    """Returns, for each reserve of ``unit_ids`` spanning several counties,
    the county bureau accounts of its counties other than the lead's (two
    queries): they are told of its obligations too."""
    pairs = list(
        ProtectedUnit.counties.through.objects.filter(
            protectedunit_id__in=unit_ids, protectedunit__kind=ApplicationKind.RESERVE
        )
        .exclude(county_id=F("protectedunit__county_id"))
        .values_list("protectedunit_id", "county_id")
    )
    if not pairs:
        return {}
    accounts = defaultdict(list)
    for user in county_bureau_accounts(counties={c for _u, c in pairs}).select_related(
        "account_profile"
    ):
        accounts[user.account_profile.county_id].append(user)
    result = defaultdict(list)
    for unit_id, county_id in pairs:
        result[unit_id].extend(accounts.get(county_id, []))
    return result


def unit_accounts(*, unit) -> list:
    """Returns whoever is told of ``unit``: its organisation's members and,
    for a reserve spanning several counties, the bureau accounts of its
    other counties (unit_bureau_accounts)."""
    others = unit_bureau_accounts([unit.pk]).get(unit.pk, [])
    return [*unit.organisation.members.all(), *others]


def obligation_path(obligation, *, order_id: int | None = None) -> str:
    """Returns the path of the unit's form for ``obligation`` (its
    self-assessment of the year, the master plan, acceptance, the report on
    a rectification order — ``order_id``, looked up when not given), or ""
    for what the unit does not file itself (the bureau's evaluation)."""
    code = obligation.unit.code
    match obligation.kind:
        case ObligationKind.SELF_ASSESSMENT if obligation.period:
            return reverse("my_units:assessment", args=[code, obligation.period])
        case ObligationKind.MASTER_PLAN:
            return reverse("my_units:plan", args=[code])
        case ObligationKind.ACCEPTANCE:
            return reverse("my_units:acceptance", args=[code])
        case ObligationKind.RECTIFICATION:
            if order_id is None:
                order_id = (
                    RectificationOrder.objects.filter(obligation=obligation)
                    .values_list("pk", flat=True)
                    .first()
                )
            if order_id:
                return reverse("my_units:rectification", args=[code, order_id])
    return ""


def unit_timeline(*, unit, today: datetime.date | None = None) -> dict:
    """Returns a unit's obligations as a timeline: ``past`` (done or
    cancelled, newest first), ``current`` (still to do and due within 90
    days, or overdue) and ``next`` (due later). Each entry carries its
    label, due date, status, whether it is overdue and the path of the
    unit's form for it (obligation_path)."""
    today = today or timezone.localdate()
    past, current, upcoming = [], [], []
    orders = dict(
        RectificationOrder.objects.filter(unit=unit, obligation__isnull=False).values_list(
            "obligation_id", "pk"
        )
    )
    for obligation in (
        Obligation.objects.filter(unit=unit).select_related("unit").order_by("due_date", "pk")
    ):
        entry = {
            "obligation": obligation,
            "label": obligation_label(obligation),
            "url": obligation_path(obligation, order_id=orders.get(obligation.pk)),
            "due": obligation.due_date,
            "status": obligation.status,
            "status_label": obligation.get_status_display(),
            # Acceptance opens on its date; it is not owed by it.
            "overdue": obligation.status == ObligationStatus.OPEN
            and obligation.due_date < today
            and obligation.kind != ObligationKind.ACCEPTANCE,
            "days_left": (obligation.due_date - today).days,
        }
        if obligation.status in (ObligationStatus.DONE, ObligationStatus.CANCELLED):
            past.append(entry)
        elif obligation.due_date <= today + datetime.timedelta(days=CURRENT_DAYS):
            current.append(entry)
        else:
            upcoming.append(entry)
    past.reverse()
    return {"past": past, "current": current, "next": upcoming}


def unit_list_public():
    """Returns the established units the public directory shows (all of
    them, delisted ones too, shown as delisted), with what their pages
    need."""
    return ProtectedUnit.objects.select_related("county", "approval").prefetch_related(
        "townships", "counties"
    )


def unit_verification(*, code: str) -> dict | None:
    """Returns what the public verification page of a certificate or plaque
    shows — the unit (its public facts only) and the day its zone passed
    acceptance, if it did — for the unit whose verification code is
    ``code`` (letter case ignored), or None when no unit has it."""
    unit = (
        ProtectedUnit.objects.filter(verification_code=code.strip().upper())
        .only(
            "name",
            "kind",
            "category",
            "status",
            "code",
            "established_on",
            "delisted_on",
            "verification_code",
        )
        .first()
    )
    if unit is None:
        return None
    accepted = (
        Acceptance.objects.filter(unit=unit, status=AcceptanceStatus.PASSED)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
        .first()
    )
    return {"unit": unit, "accepted_on": timezone.localdate(accepted) if accepted else None}


def unit_history(*, unit) -> list[dict]:
    """Returns the public events of a unit, oldest first: its candidate
    list's publicity, its approval and establishment, then what followed
    (see _unit_history_after_establishment). Each has its date, its label
    and the URL of its public page, if it has one."""
    events = []
    application = unit.application
    if application is not None:
        for candidate_list in application.candidate_lists.select_related(
            "period", "publicity_page"
        ):
            if candidate_list.period_id:
                page = candidate_list.publicity_page
                events.append(
                    {
                        "date": candidate_list.period.start_date,
                        "label": _("Publicised: %(start)s to %(end)s")
                        % {
                            "start": candidate_list.period.start_date.isoformat(),
                            "end": candidate_list.period.end_date.isoformat(),
                        },
                        "url": page.url if page else "",
                    }
                )
    if unit.approval is not None:
        events.append(
            {
                "date": unit.approval.approved_on,
                "label": _("Approved by the municipal government (%(number)s)")
                % {"number": unit.approval.document_number},
                "url": unit.approval.notice_page.url if unit.approval.notice_page else "",
            }
        )
    # The status it was established with, not today's (it may since have
    # been named a protection zone, or delisted).
    established_as = (
        UnitStatus.EXPERIMENTAL_ZONE
        if unit.kind == ApplicationKind.RESERVE
        else UnitStatus.DESIGNATED_BASE
    )
    events.append(
        {
            "date": unit.established_on,
            "label": _("Established: %(status)s") % {"status": UnitStatus(established_as).label},
            "url": "",
        }
    )
    events += _unit_history_after_establishment(unit)
    return sorted(events, key=lambda e: e["date"])


def _unit_history_after_establishment(unit) -> list[dict]:
    """Returns the public events since establishment: each published
    evaluation report (第三十六条), the rectification ordered by a published
    report and its verification, and the delisting with its notice
    (第三十八条). An order issued outside an evaluation stays internal
    until the delisting notice makes it public."""
    events = []
    reports = (
        Evaluation.objects.filter(
            unit=unit, status=EvaluationStatus.PUBLISHED, report_page__live=True
        )
        .select_related("report_page")
        .order_by("decided_at", "pk")
    )
    for evaluation in reports:
        events.append(
            {
                "date": timezone.localdate(evaluation.decided_at),
                "label": _("Comprehensive evaluation report: %(score)s points, %(outcome)s")
                % {"score": evaluation.total, "outcome": evaluation.get_outcome_display()},
                "url": evaluation.report_page.url,
            }
        )
        if evaluation.commended_by:
            # 第三十八条: 市文旅局、市人民政府将予以通报表扬.
            events.append(
                {
                    "date": timezone.localdate(evaluation.decided_at),
                    "label": _("Commended by %(who)s")
                    % {"who": evaluation.get_commended_by_display()},
                    "url": evaluation.report_page.url,
                    "commended_by": evaluation.commended_by,
                }
            )
    published = RectificationOrder.objects.filter(
        unit=unit, evaluation__status=EvaluationStatus.PUBLISHED
    ).select_related("evaluation__report_page")
    for order in published:
        report = order.evaluation.report_page
        events.append(
            {
                "date": timezone.localdate(order.issued_at),
                "label": _("Rectification ordered, by %(deadline)s")
                % {"deadline": order.deadline.isoformat()},
                "url": report.url if report and report.live else "",
            }
        )
        if order.status == RectificationStatus.CLOSED and order.decided_at:
            events.append(
                {
                    "date": timezone.localdate(order.decided_at),
                    "label": _("Rectification verified and closed"),
                    "url": "",
                }
            )
    if unit.status == UnitStatus.DELISTED and unit.delisted_on:
        notice = unit.delisting_notice
        events.append(
            {
                "date": unit.delisted_on,
                "label": _("Delisted (Article 38 of the measures)"),
                "url": notice.url if notice and notice.live else "",
            }
        )
    return events


def unit_governments(*, unit: ProtectedUnit) -> list[CountyGovernment]:
    """Returns the governments on record of ``unit``'s counties — the
    lead's first, then for a reserve spanning several counties (第六条（一）)
    every other's by county code — to whom its evaluation report goes and on
    whose websites it is also published (第三十六条)."""
    counties = {unit.county_id, *unit.counties.values_list("pk", flat=True)}
    governments = CountyGovernment.objects.filter(county_id__in=counties).select_related("county")
    return sorted(governments, key=lambda g: (g.county_id != unit.county_id, g.county.code))
