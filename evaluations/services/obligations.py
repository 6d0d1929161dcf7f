"""The daily obligations job: create what units owe, remind before due
dates, escalate what is overdue. Set-based (a few queries whatever the
number of units) and safe to run twice at once: unique constraints, not
timing, decide what is created and sent."""

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Site

from applications.roles import Role, role_members
from applications.selectors import rules_index, rules_on
from evaluations.models import ProtectedUnit, UnitStatus
from portal.core.notifications import Message, notify_many

from ..models import (
    MasterPlan,
    Obligation,
    ObligationKind,
    ObligationReminder,
    ObligationStatus,
    RectificationOrder,
    obligation_label,
)
from ..models.plans import FilingStatus
from ..notifications import UnitEvent
from ..schedule import unit_schedule
from ..selectors.units import obligation_path, unit_bureau_accounts

# The bureau's digest of what became overdue names this many at most.
DIGEST_LINES = 200


@dataclass
class RunResult:
    created: int
    reminders: int
    overdue: int

    def as_dict(self) -> dict:
        return {"created": self.created, "reminders": self.reminders, "overdue": self.overdue}


def obligations_generate(*, day: datetime.date, units=None) -> int:
    """Creates every obligation the units (all, or those given) should have
    on ``day`` and do not have yet; returns how many were created. Three
    queries and one bulk insert for any number of units; a second run, or
    a concurrent one, creates nothing more (unique per unit, kind and
    period)."""
    rules_for = rules_index()
    queryset = ProtectedUnit.objects.all() if units is None else units
    rows = list(queryset.values_list("pk", "kind", "established_on", "tracked_from", "status"))
    unit_ids = [r[0] for r in rows]
    plans = dict(
        MasterPlan.objects.filter(unit_id__in=unit_ids, status=FilingStatus.FILED, replaces=None)
        .order_by("unit_id", "starts_on")
        .values_list("unit_id", "starts_on")
    )
    existing = set(
        Obligation.objects.filter(unit_id__in=unit_ids, period__isnull=False).values_list(
            "unit_id", "kind", "period"
        )
    )
    missing = []
    for pk, kind, established_on, tracked_from, status in rows:
        for due in unit_schedule(
            kind=kind,
            established_on=established_on,
            tracked_from=tracked_from,
            plan_starts_on=plans.get(pk),
            delisted=status == UnitStatus.DELISTED,
            rules_for=rules_for,
            today=day,
        ):
            if (pk, due.kind, due.period) not in existing:
                missing.append(
                    Obligation(unit_id=pk, kind=due.kind, period=due.period, due_date=due.due_date)
                )
    before = Obligation.objects.count()
    # No batch_size: Django sizes the batches for the backend (one INSERT on
    # PostgreSQL, SQLite's variable limit there), so the number of queries
    # does not grow with the number of units.
    Obligation.objects.bulk_create(missing, ignore_conflicts=True)
    return Obligation.objects.count() - before if missing else 0


def _members(unit_ids: set[int]) -> dict[int, list]:
    """Returns, for each unit, the active accounts of its organisation and,
    for a reserve spanning several counties, the bureau accounts of the
    other counties (four queries)."""
    pairs = list(
        ProtectedUnit.objects.filter(
            pk__in=unit_ids, organisation__members__isnull=False
        ).values_list("pk", "organisation__members")
    )
    users = get_user_model().objects.in_bulk({user_id for _unit, user_id in pairs})
    members = defaultdict(list)
    for unit_id, user_id in pairs:
        members[unit_id].append(users[user_id])
    # A reserve spanning several counties: each other county's bureau too.
    for unit_id, accounts in unit_bureau_accounts(unit_ids).items():
        known = {u.pk for u in members[unit_id]}
        members[unit_id].extend(u for u in accounts if u.pk not in known)
    return members


def _organisation_members(unit_ids: set[int]) -> dict[int, set]:
    """Returns, for each unit, the pks of its organisation's members (one
    query)."""
    result = defaultdict(set)
    for unit_id, user_id in ProtectedUnit.objects.filter(
        pk__in=unit_ids, organisation__members__isnull=False
    ).values_list("pk", "organisation__members"):
        result[unit_id].add(user_id)
    return result


def _record_reminders(
    *, obligations, days_before: int, run: uuid.UUID, day: datetime.date
) -> list[ObligationReminder]:
    """Inserts a reminder row for each obligation (ignoring those another
    run inserted first) and returns the rows this run inserted."""
    ObligationReminder.objects.bulk_create(
        [
            ObligationReminder(obligation_id=pk, days_before=days_before, run=run, sent_on=day)
            for pk in obligations
        ],
        ignore_conflicts=True,  # no batch_size: one INSERT on PostgreSQL
    )
    return list(
        ObligationReminder.objects.filter(run=run, days_before=days_before).select_related(
            "obligation__unit"
        )
    )


def _not_yet(days_before: int):
    return ~Exists(
        ObligationReminder.objects.filter(obligation=OuterRef("pk"), days_before=days_before)
    )


@transaction.atomic
def obligations_run(*, day: datetime.date) -> RunResult:
    """The daily job for ``day``: creates the obligations due, reminds each
    unit ``reminder_days`` before a due date (the nearest offset not yet
    passed, so a missed day is caught up once, not thrice), marks what is
    overdue and tells the unit and the bureau. Each reminder and each
    escalation is one row under a unique constraint: running the job twice,
    or from two beat processes, sends each once."""
    created = obligations_generate(day=day)
    run = uuid.uuid4()
    offsets = sorted(rules_on(day=day).reminder_days)  # e.g. [1, 7, 30]
    open_obligations = Obligation.objects.filter(status=ObligationStatus.OPEN)

    reminded: list[ObligationReminder] = []
    lower = 0
    for offset in offsets:
        ids = list(
            open_obligations.filter(
                due_date__gt=day + datetime.timedelta(days=lower),
                due_date__lte=day + datetime.timedelta(days=offset),
            )
            .filter(_not_yet(offset))
            .values_list("pk", flat=True)
        )
        if ids:
            reminded += _record_reminders(obligations=ids, days_before=offset, run=run, day=day)
        lower = offset

    # Acceptance is open from its date on, not owed by it (第十八条: the
    # zone "may apply"): it is never overdue.
    overdue_ids = list(
        open_obligations.filter(due_date__lt=day)
        .exclude(kind=ObligationKind.ACCEPTANCE)
        .filter(_not_yet(ObligationReminder.OVERDUE))
        .values_list("pk", flat=True)
    )
    escalated = (
        _record_reminders(
            obligations=overdue_ids, days_before=ObligationReminder.OVERDUE, run=run, day=day
        )
        if overdue_ids
        else []
    )
    if escalated:
        Obligation.objects.filter(
            pk__in=[r.obligation_id for r in escalated], overdue_since__isnull=True
        ).update(overdue_since=day)

    _tell(reminded=reminded, escalated=escalated, day=day)
    result = RunResult(created=created, reminders=len(reminded), overdue=len(escalated))
    if created or reminded or escalated:
        log(
            instance=_run_anchor(),
            action="portal.obligations.run",
            data={"day": day.isoformat(), **result.as_dict()},
        )
    return result


def _run_anchor():
    """Returns the object the job's log entries hang on: the default site."""
    return Site.objects.filter(is_default_site=True).first() or Site.objects.first()


def _form_urls(obligations) -> dict[int, str]:
    """Returns the absolute address of the unit's form for each of
    ``obligations`` (its unit page for what it does not file itself), on
    the default site: messages are read outside the portal (one query for
    the rectification orders)."""
    site = _run_anchor()
    root = site.root_url if site else ""
    orders = dict(
        RectificationOrder.objects.filter(
            obligation__in=[o.pk for o in obligations if o.kind == ObligationKind.RECTIFICATION]
        ).values_list("obligation_id", "pk")
    )
    return {
        o.pk: root
        + (
            obligation_path(o, order_id=orders.get(o.pk, 0))
            or reverse("my_units:detail", args=[o.unit.code])
        )
        for o in obligations
    }


def _links(obligation, members: dict[int, list], organisation_members: dict[int, set], page: str):
    """Each recipient's page of ``obligation``, by pk, with no query: the
    form that fulfils it (``page``, from _form_urls) for the unit's members,
    the unit's shared page (read-only) for the other counties' bureaus."""
    shared = reverse("my_units:shared", args=[obligation.unit.code])
    ours = organisation_members.get(obligation.unit_id, set())
    return {
        user.pk: page if user.pk in ours else shared for user in members.get(obligation.unit_id, [])
    }


def _tell(*, reminded, escalated, day: datetime.date) -> None:
    units = {r.obligation.unit_id for r in reminded + escalated}
    if not units:
        return
    members = _members(units)
    urls = _form_urls([r.obligation for r in reminded + escalated])
    organisation_members = _organisation_members(units)
    messages = []
    for reminder in reminded:
        obligation = reminder.obligation
        messages.append(
            Message(
                members.get(obligation.unit_id, []),
                UnitEvent.OBLIGATION_REMINDER,
                obligation,
                {
                    "unit": obligation.unit.name,
                    "what": obligation_label(obligation),
                    "due": obligation.due_date.isoformat(),
                    "n": (obligation.due_date - day).days,
                    "day": day.isoformat(),
                    "url": urls[obligation.pk],
                },
                _links(obligation, members, organisation_members, urls[obligation.pk]),
            )
        )
    for reminder in escalated:
        obligation = reminder.obligation
        messages.append(
            Message(
                members.get(obligation.unit_id, []),
                UnitEvent.OBLIGATION_OVERDUE,
                obligation,
                {
                    "unit": obligation.unit.name,
                    "what": obligation_label(obligation),
                    "due": obligation.due_date.isoformat(),
                    "url": urls[obligation.pk],
                },
                _links(obligation, members, organisation_members, urls[obligation.pk]),
            )
        )
    if escalated:
        lines = [
            f"{r.obligation.unit.name} · {obligation_label(r.obligation)} · "
            f"{r.obligation.due_date.isoformat()}"
            for r in escalated[:DIGEST_LINES]
        ]
        if len(escalated) > DIGEST_LINES:
            lines.append(_("… and %(n)d more") % {"n": len(escalated) - DIGEST_LINES})
        messages.append(
            Message(
                list(role_members(Role.MUNICIPAL_REVIEWER)),
                UnitEvent.OVERDUE_DIGEST,
                _run_anchor(),
                {"n": len(escalated), "day": day.isoformat(), "lines": "\n".join(lines)},
            )
        )
    notify_many(messages)
