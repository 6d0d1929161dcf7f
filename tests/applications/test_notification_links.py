"""Every message and email the portal sends carries the absolute link of the
page it concerns, for its recipient; subjects never start with a blank; the
applicant is told when the publicity of its application starts (with its
dates) and ends, and when the municipal government's approval is recorded
(issue 15, item 8)."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override

import evaluations.notifications
from applications.notifications import ApplicationEvent
from applications.roles import Role
from applications.services.publicity import publicity_close
from evaluations.models import ObligationKind, ProtectedUnit
from evaluations.services.designation import approval_record
from portal.core.dates import SHANGHAI
from portal.core.links import page_link
from portal.core.models import InboxMessage, OutboxEmail
from portal.core.notifications import (
    Message,
    NotificationEvent,
    notify,
    notify_address,
    notify_many,
)
from tests.factories import PDF, ApplicationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


class Padded(int):
    """A context value that fills %d as 1 and %s with leading blanks."""

    def __str__(self) -> str:
        return "  值"


class Context(dict):
    """Every key a padded value (one key given: an empty context is none)."""

    def __init__(self):
        super().__init__(_=1)

    def __missing__(self, key):
        return Padded(1)


def _declared_events():
    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return [member for cls in subclasses(NotificationEvent) for member in cls]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_subject_of_any_declared_event_starts_with_a_blank(language):
    events = _declared_events()
    assert {e.value for e in events} >= {"application.received", "obligation.remind"}
    with override(language):
        for event in events:
            subject, _body = event.render(Context())
            assert subject == subject.strip() and subject, event


def _sent(user):
    message = InboxMessage.objects.get(recipient=user)
    email = OutboxEmail.objects.get(to=user.email)
    assert message.link.startswith(BASE + "/")
    assert email.body.rstrip().endswith(message.link)
    return message.link


def test_an_applicant_is_linked_to_its_application_and_staff_to_the_admin():
    applicant = UserFactory()
    application = ApplicationFactory(submitted=True)
    application.organisation.members.add(applicant)
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    notify(
        recipients=[applicant, reviewer],
        event=ApplicationEvent.RECEIVED,
        about=application,
        context={"number": application.receipt_number},
    )
    assert _sent(applicant) == f"{BASE}/apply/{application.pk}/review/"
    assert _sent(reviewer).startswith(f"{BASE}/admin/")
    assert str(application.pk) in _sent(reviewer)


def test_a_unit_member_is_linked_to_the_unit_and_to_the_obligation_form():
    member = UserFactory()
    unit = UnitFactory(member=member)
    obligation = unit.obligations.create(
        kind=ObligationKind.SELF_ASSESSMENT, period=2025, due_date=datetime.date(2026, 3, 31)
    )
    notify_many(
        [
            Message(
                [member],
                evaluations.notifications.UnitEvent.OBLIGATION_OVERDUE,
                obligation,
                {"unit": unit.name, "what": "自评", "due": "2026-03-31", "url": "x"},
            )
        ]
    )
    assert _sent(member) == f"{BASE}/units/{unit.code}/self-assessment/2025/"
    InboxMessage.objects.all().delete()
    OutboxEmail.objects.all().delete()
    notify(
        recipients=[member],
        event=evaluations.notifications.UnitEvent.EVALUATION_OPENED,
        about=unit,
        context={"unit": unit.name, "round": "2025", "day": "2025-01-01"},
    )
    assert _sent(member) == f"{BASE}/units/{unit.code}/"


def test_an_email_to_an_address_carries_the_public_page(publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, page, _reviewer = publicise(datetime.date(2025, 9, 22), n=1)
    notify_address(
        to="objector@example.invalid",
        event=ApplicationEvent.OBJECTION_RECEIPT,
        about=candidates,
        context={"candidate": "x", "list": "y", "time": "z", "code": "c"},
        who="objector",
    )
    body = OutboxEmail.objects.get(to="objector@example.invalid").body
    assert body.rstrip().endswith(page_link(page))


def _applicant_messages(event):
    return list(InboxMessage.objects.filter(event=event).select_related("recipient"))


def test_the_applicant_is_told_when_publicity_starts_and_ends(publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, page, _reviewer = publicise(datetime.date(2025, 9, 22), n=2)
    period = candidates.period
    started = _applicant_messages("publicity.start")
    applications = list(candidates.applications.all())
    assert {m.recipient for m in started} == {
        u for a in applications for u in a.organisation.members.all()
    }
    for message in started:
        assert period.start_date.isoformat() in message.subject
        assert period.end_date.isoformat() in message.subject
        assert message.link == page_link(page)
    after = datetime.datetime.combine(
        period.end_date + datetime.timedelta(days=1), datetime.time(0, 1), tzinfo=SHANGHAI
    )
    assert publicity_close(candidate_list_id=candidates.pk, now=after)
    ended = _applicant_messages("publicity.end")
    assert {m.recipient for m in ended} == {m.recipient for m in started}
    assert all(period.end_date.isoformat() in m.body for m in ended)


def test_the_applicant_is_told_when_the_approval_is_recorded(publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(datetime.date(2025, 9, 22), n=1)
    application = candidates.applications.get()
    with time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False):
        approval_record(
            candidate_list=candidates,
            user=reviewer,
            document_number="景府字〔2025〕120号",
            approved_on=datetime.date(2025, 11, 3),
            scan=SimpleUploadedFile("批复.pdf", PDF, content_type="application/pdf"),
            applications=[application],
        )
    [message] = _applicant_messages("approval.record")
    assert message.recipient in application.organisation.members.all()
    assert "景府字〔2025〕120号" in message.body and "2025-11-03" in message.body
    unit = ProtectedUnit.objects.get(application=application)
    assert message.link == f"{BASE}/units/{unit.code}/"
    assert unit.code in message.body


def _obligations_day(n: int):
    """Runs the obligations job on the 30-day reminder day of ``n`` units'
    2024 self-assessment; returns (queries, each member's link, codes)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from evaluations.services.obligations import obligations_generate, obligations_run
    from tests.factories import OrganisationFactory

    established = datetime.date(2024, 3, 15)
    with transaction.atomic():
        members = {}
        for i in range(n):
            member = UserFactory()
            unit = UnitFactory(
                organisation=OrganisationFactory(uscc=f"9136020000000{i:05d}"),
                established_on=established,
                member=member,
            )
            members[member.pk] = unit.code
        obligations_generate(day=established)
        with CaptureQueriesContext(connection) as queries:
            assert obligations_run(day=datetime.date(2025, 1, 1)).reminders == n
        links = dict(
            InboxMessage.objects.filter(event="obligation.remind").values_list("recipient", "link")
        )
        transaction.set_rollback(True)
    return len(queries), links, members


@time_machine.travel(datetime.datetime(2024, 3, 15, 9, tzinfo=SHANGHAI), tick=False)
def test_the_obligations_job_links_each_form_without_a_query_per_unit():
    one, _links, _members = _obligations_day(1)
    queries, links, members = _obligations_day(3)
    assert queries <= one  # the first run warms caches (content types, rules)
    # The address of the form, as the reminder's body gives it.
    assert set(links) == set(members)
    for pk, code in members.items():
        assert links[pk].startswith("http")
        assert links[pk].endswith(f"/units/{code}/self-assessment/2024/")
