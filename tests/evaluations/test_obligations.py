"""The daily obligations job (第十三条, 第三十五–三十六条, 第十八条) with the
clock frozen across years: what is created, reminders 30/7/1 days before
(each once), escalation when overdue, and the run_obligations command."""

import datetime
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from applications.roles import Role
from evaluations.models import Obligation, ObligationKind, ObligationReminder
from evaluations.services.obligations import obligations_generate, obligations_run
from portal.core.models import InboxMessage
from tests.factories import OrganisationFactory, UnitFactory, UserFactory
from tests.helpers import run_at_once

pytestmark = pytest.mark.django_db

ESTABLISHED = datetime.date(2024, 3, 15)


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture
def reserve(db):
    member = UserFactory(roles=[Role.COUNTY_BUREAU])
    unit = UnitFactory(
        kind="reserve",
        category="",
        status="experimental_zone",
        name="浮梁县陶瓷文化生态保护实验区",
        established_on=ESTABLISHED,
        member=member,
    )
    return unit, member


def schedule(unit):
    return [
        (o.kind, o.period, o.due_date.isoformat())
        for o in Obligation.objects.filter(unit=unit).order_by("due_date", "kind")
    ]


@time_machine.travel(datetime.datetime(2024, 3, 15, 1), tick=False)
def test_a_unit_established_on_2024_03_15(reserve):
    unit, _member = reserve
    assert obligations_run(day=ESTABLISHED).created == 3
    assert schedule(unit) == [
        ("self_assessment", 2024, "2025-01-31"),
        ("master_plan", 1, "2025-03-15"),
        ("evaluation", 1, "2027-03-15"),
    ]
    # Years later, every self-assessment since, and the next of each kind.
    obligations_generate(day=d("2027-02-01"))
    kinds = schedule(unit)
    assert ("self_assessment", 2025, "2026-01-31") in kinds
    assert ("self_assessment", 2026, "2027-01-31") in kinds
    assert ("self_assessment", 2027, "2028-01-31") in kinds
    assert [k for k in kinds if k[0] == "evaluation"] == [("evaluation", 1, "2027-03-15")]
    # A second generation creates nothing.
    assert obligations_generate(day=d("2027-02-01")) == 0


def test_a_base_owes_no_master_plan(db):
    unit = UnitFactory(established_on=ESTABLISHED)
    obligations_generate(day=ESTABLISHED)
    assert not Obligation.objects.filter(unit=unit, kind=ObligationKind.MASTER_PLAN).exists()


def test_reminders_30_7_1_days_before_and_each_once(reserve, django_capture_on_commit_callbacks):
    unit, member = reserve
    obligations_generate(day=ESTABLISHED)
    due = d("2025-01-31")  # the 2024 self-assessment
    counts = {}
    for day in (
        "2024-12-31",
        "2025-01-01",
        "2025-01-01",
        "2025-01-20",
        "2025-01-24",
        "2025-01-24",
        "2025-01-29",
        "2025-01-30",
        "2025-01-30",
        "2025-01-31",
    ):
        counts.setdefault(day, []).append(obligations_run(day=d(day)).reminders)
    assert counts == {
        "2024-12-31": [0],  # 31 days before
        "2025-01-01": [1, 0],  # 30 days before, once
        "2025-01-20": [0],
        "2025-01-24": [1, 0],  # 7 days before, once
        "2025-01-29": [0],
        "2025-01-30": [1, 0],  # 1 day before, once
        "2025-01-31": [0],  # the due day itself: nothing more
    }
    obligation = Obligation.objects.get(unit=unit, kind="self_assessment", period=2024)
    assert obligation.due_date == due
    assert sorted(obligation.reminders.values_list("days_before", flat=True)) == [1, 7, 30]
    told = InboxMessage.objects.filter(recipient=member, event="obligation.remind")
    assert told.count() == 3
    assert "2025-01-31" in told.first().subject


def test_a_missed_reminder_day_is_caught_up_once(reserve):
    unit, _member = reserve
    obligations_generate(day=ESTABLISHED)
    # Beat was down from 30 to 6 days before: one reminder (the 7-day one).
    assert obligations_run(day=d("2025-01-26")).reminders == 1
    obligation = Obligation.objects.get(unit=unit, kind="self_assessment", period=2024)
    assert list(obligation.reminders.values_list("days_before", flat=True)) == [7]


def test_overdue_escalates_to_the_bureau_once(reserve):
    unit, member = reserve
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    obligations_generate(day=ESTABLISHED)
    result = obligations_run(day=d("2025-02-01"))
    assert result.overdue == 1
    obligation = Obligation.objects.get(unit=unit, kind="self_assessment", period=2024)
    assert obligation.overdue_since == d("2025-02-01")
    assert InboxMessage.objects.filter(recipient=member, event="obligation.overdue").count() == 1
    digest = InboxMessage.objects.get(recipient=reviewer, event="obligation.overdue_digest")
    assert unit.name in digest.body
    assert obligations_run(day=d("2025-02-01")).overdue == 0
    assert obligations_run(day=d("2025-02-02")).overdue == 0
    # The master plan falls overdue in its turn.
    assert obligations_run(day=d("2025-03-16")).overdue == 1
    assert ModelLogEntry.objects.filter(action="portal.obligations.run").exists()


def test_done_obligations_are_neither_reminded_nor_escalated(reserve):
    unit, _member = reserve
    obligations_generate(day=ESTABLISHED)
    Obligation.objects.filter(unit=unit, kind="self_assessment").update(status="done")
    assert obligations_run(day=d("2025-01-01")).reminders == 0
    assert obligations_run(day=d("2025-02-01")).overdue == 0


def test_a_delisted_unit_gets_nothing_new(reserve):
    unit, _member = reserve
    unit.status = "delisted"
    unit.save()
    assert obligations_generate(day=d("2026-01-01")) == 0


def test_the_command_prints_json_and_a_second_run_sends_no_reminder(reserve):
    _unit, _member = reserve
    UnitFactory(established_on=d("2025-06-01"))

    def run():
        out = StringIO()
        call_command("run_obligations", "--date", "2027-01-31", stdout=out)
        return json.loads(out.getvalue())

    first = run()
    assert set(first) == {"created", "reminders", "overdue"}
    assert first["created"] > 0 and first["overdue"] > 0
    second = run()
    assert second == {"created": 0, "reminders": 0, "overdue": 0}


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("run_obligations", "--date", "2027-02-30")


@pytest.mark.django_db(transaction=True)
def test_two_processes_running_at_once_send_each_reminder_once(committed_db):
    organisation = OrganisationFactory()
    member = UserFactory(roles=[Role.APPLICANT])
    organisation.members.add(member)
    for n in range(5):
        UnitFactory(organisation=organisation, established_on=ESTABLISHED, code=f"2024-JD-9{n:02d}")
    obligations_generate(day=ESTABLISHED)
    # A lost race may surface as an error: it counts as no reminder sent.
    results = run_at_once(*[lambda: obligations_run(day=d("2025-01-01")).reminders] * 2)
    counts = [r for r in results if isinstance(r, int)]
    assert sum(counts) == 5, results
    assert ObligationReminder.objects.filter(days_before=30).count() == 5
    assert InboxMessage.objects.filter(recipient=member, event="obligation.remind").count() == 5
