"""The bureau's reviewers are told, each message with the link of the
application's page in the administration, when an application is
submitted, resubmitted after a supplement or withdrawn, and when an
objection arrives; and every morning of what falls due tomorrow — once a
day, and not at all when nothing does (issue 16, item 5)."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client

from applications.declaration import DECLARATION_VERSION
from applications.models import ExpertAssignment, Organisation, ReviewerDigest
from applications.roles import Role
from applications.services.review import supplement_answer
from applications.services.submission import application_submit
from applications.services.supplements import application_withdraw
from applications.tasks import reviewer_digests_send
from portal.core.errors import Refused
from portal.core.models import InboxMessage, OutboxEmail
from portal.settings.base import CELERY_BEAT_SCHEDULE
from tests.applications.test_check_and_submit import complete_draft
from tests.applications.test_supplement_extensions import ASKED_ON, DEADLINE, SHANGHAI, asked
from tests.factories import UserFactory
from tests.registration import register

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


@pytest.fixture
def applicant(db):
    return UserFactory(roles=[Role.APPLICANT], email="workshop@example.invalid")


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER], email="reviewer@example.invalid")


@pytest.fixture
def second(db):
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER], email="second@example.invalid")


def told(user, event) -> InboxMessage:
    """The one message of ``event`` to ``user``, its email carrying the link."""
    message = InboxMessage.objects.get(recipient=user, event=event)
    email = OutboxEmail.objects.get(to=user.email, event=event)
    assert email.body.rstrip().endswith(message.link)
    return message


def opens(user, link: str) -> bool:
    client = Client()
    client.force_login(user)
    return client.get(link.removeprefix(BASE)).status_code == 200


def test_a_submission_is_told_to_every_reviewer_with_the_review_page(client, reviewer, second):
    register(client)
    user = get_user_model().objects.get(username="workshop")
    draft = complete_draft(user, Organisation.objects.get(members=user))
    draft = application_submit(
        application=draft, user=user, declaration_version=DECLARATION_VERSION
    )
    for staff in (reviewer, second):
        message = told(staff, "application.submitted")
        assert message.link == f"{BASE}/admin/applications_review/inspect/{draft.pk}/"
        assert draft.receipt_number in message.subject
        assert opens(staff, message.link)
    assert not InboxMessage.objects.filter(recipient=user, event="application.submitted")


def test_a_resubmission_is_told_to_every_reviewer_not_only_the_one_who_asked(
    applicant, reviewer, second
):
    application = asked(applicant, reviewer)
    with time_machine.travel(ASKED_ON + datetime.timedelta(days=2), tick=False):
        supplement_answer(application=application, user=applicant)
    for staff in (reviewer, second):
        message = told(staff, "application.resubmitted")
        assert message.link.endswith(f"/admin/applications_review/inspect/{application.pk}/")
        assert opens(staff, message.link)


def test_a_withdrawal_is_told_to_the_reviewers_with_the_reason(applicant, reviewer, second):
    application = asked(applicant, reviewer)
    with time_machine.travel(ASKED_ON + datetime.timedelta(days=2), tick=False):
        application_withdraw(application=application, user=applicant, reason="不再申报")
    for staff in (reviewer, second):
        message = told(staff, "application.withdrawn")
        assert "不再申报" in message.body
        assert message.link.endswith(f"/admin/applications_review/inspect/{application.pk}/")


def test_a_failed_withdrawal_tells_nobody(applicant, reviewer):
    application = asked(applicant, reviewer)
    other = UserFactory(roles=[Role.APPLICANT])
    with pytest.raises(Refused):
        application_withdraw(application=application, user=other, reason="x")
    assert not InboxMessage.objects.filter(event="application.withdrawn").exists()


def test_an_objection_is_told_to_the_reviewers_with_its_admin_page(publicise, reviewer):
    from tests.applications.test_publicity import MONDAY, at, submit

    with time_machine.travel(at(MONDAY, "09:00:00"), tick=False):
        candidates, _page, publisher = publicise(MONDAY)
        objection = submit(candidates, now=at(MONDAY, "10:00:00"))
    for staff in (reviewer, publisher):
        message = InboxMessage.objects.get(recipient=staff, event="objection.submit")
        assert message.link == f"{BASE}/admin/objections/inspect/{objection.pk}/"
        assert opens(staff, message.link)


def test_the_digest_is_scheduled_at_eight_in_the_morning():
    entry = CELERY_BEAT_SCHEDULE["reviewer-digest"]
    assert entry["task"] == "applications.tasks.reviewer_digests_send"
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({8}, {0})


def test_the_digest_tells_each_reviewer_once_a_day_of_what_is_due_tomorrow(
    applicant, reviewer, second
):
    application = asked(applicant, reviewer)
    expert = UserFactory(roles=[Role.EXPERT], first_name="李", last_name="专家")
    ExpertAssignment.objects.create(application=application, expert=expert, assigned_by=reviewer)
    eve = datetime.datetime.combine(
        DEADLINE - datetime.timedelta(days=1), datetime.time(8), tzinfo=SHANGHAI
    )
    with time_machine.travel(eve, tick=False):
        assert reviewer_digests_send() == 2
        assert reviewer_digests_send() == 0  # the second run (or beat) sends nothing
    for staff in (reviewer, second):
        message = told(staff, "reviewer.digest")
        assert application.receipt_number in message.body
        assert DEADLINE.isoformat() in message.subject
        assert message.link == f"{BASE}/admin/applications_review/"
        assert opens(staff, message.link)
    assert ReviewerDigest.objects.count() == 2
    # The next morning is another day: told again (the expert's review is still open).
    with time_machine.travel(eve + datetime.timedelta(days=1), tick=False):
        assert reviewer_digests_send() == 2
    assert InboxMessage.objects.filter(event="reviewer.digest", recipient=reviewer).count() == 2


def test_no_digest_when_nothing_falls_due(applicant, reviewer):
    application = asked(applicant, reviewer)
    two_days_before = datetime.datetime.combine(
        DEADLINE - datetime.timedelta(days=2), datetime.time(8), tzinfo=SHANGHAI
    )
    with time_machine.travel(two_days_before, tick=False):
        assert reviewer_digests_send() == 0
    assert application.pk and not InboxMessage.objects.filter(event="reviewer.digest").exists()
    assert not ReviewerDigest.objects.exists()
