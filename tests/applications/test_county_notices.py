"""The counties taking part in a reserve follow its procedure (第六条（一）):
each notice told to the applicant after submission — received, supplement
asked, more time, returned, reopened, rejected, on the list, publicity
started and ended, approval or refusal recorded — is told to the bureaus
of the counties that confirmed, with a page they may open; its withdrawal
too. A county asked but pending or declined, or not named, hears nothing;
a base application's notices are as before."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from applications.models import County, CountyInvolvement
from applications.roles import Role
from applications.services.publicity import publicity_close
from applications.services.review import supplement_request, supplements_expire
from applications.services.submission import receipt_render_store
from applications.services.supplements import (
    application_withdraw,
    supplement_extension_decide,
    supplement_extension_request,
    supplement_reopen,
)
from applications.services.transitions import application_transition
from applications.workflow import State
from evaluations.services.designation import approval_record
from portal.core.models import InboxMessage
from tests.factories import PDF, ApplicationFactory, OrganisationFactory, UserFactory
from tests.helpers import reserves_publish
from tests.registration import bureau_of

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
BASE = "http://testserver"


def county(name):
    return County.objects.get(name=name)


@pytest.fixture(params=["declined", "pending"])
def zone(request, db):
    """A reserve of 浮梁县's bureau under material review, naming 乐平市
    (confirmed) and 昌江区 (declined or pending, by the test's parameter);
    珠山区 is not named. Returns (application, accounts by role)."""
    lead = bureau_of("浮梁县", username="fuliang-bureau")
    organisation = OrganisationFactory(name="浮梁县文化广电新闻出版旅游局", county=county("浮梁县"))
    organisation.members.add(lead)
    application = ApplicationFactory(
        kind="reserve",
        organisation=organisation,
        created_by=lead,
        submitted=True,
        status=State.MATERIAL_REVIEW,
        number=1,
    )
    for name, status in (("乐平市", "confirmed"), ("昌江区", request.param)):
        CountyInvolvement.objects.create(
            application=application, county=county(name), asked_by=lead, status=status
        )
    return application, {
        "lead": lead,
        "confirmed": bureau_of("乐平市", username="leping-bureau"),
        "asked": bureau_of("昌江区", username="changjiang-bureau"),
        "unnamed": bureau_of("珠山区", username="zhushan-bureau"),
        "reviewer": UserFactory(roles=[Role.MUNICIPAL_REVIEWER]),
    }


def events(user) -> list[str]:
    return list(
        InboxMessage.objects.filter(recipient=user).order_by("pk").values_list("event", flat=True)
    )


def test_the_supplement_path_and_the_withdrawal_reach_the_confirmed_county(zone):
    application, who = zone
    lead, reviewer = who["lead"], who["reviewer"]
    receipt_render_store(application_id=application.pk)
    with time_machine.travel(datetime.datetime(2025, 9, 22, 10, tzinfo=SHANGHAI), tick=False):
        supplement_request(
            application=application,
            user=reviewer,
            items=[{"slot": "planning_outline", "note": "缺第五部分"}],
            message="请补规划纲要。",
        )
        extension = supplement_extension_request(
            application=application, user=lead, reason="县政府批复在办理中", working_days=5
        )
        supplement_extension_decide(extension=extension, user=reviewer, granted=True, reason="")
    assert supplements_expire(today=datetime.date(2025, 12, 1)) == [application.pk]
    application.refresh_from_db()
    with time_machine.travel(datetime.datetime(2025, 12, 2, 10, tzinfo=SHANGHAI), tick=False):
        supplement_reopen(
            application=application, user=reviewer, items=[], message="再给一次机会。"
        )
        application_withdraw(application=application, user=lead, reason="不再申报")

    told = [
        "application.received",
        "application.supplement_requested",
        "supplement.extension_grant",
        "application.returned",
        "supplement.reopen",
    ]
    assert events(lead) == told
    # The applicant withdrew it itself; the county taking part learns it.
    assert events(who["confirmed"]) == [*told, "application.withdrawn"]
    assert events(who["asked"]) == events(who["unnamed"]) == []
    # Each message leads the county's bureau to a page it may open, which
    # shows where the application stands.
    links = set(
        InboxMessage.objects.filter(recipient=who["confirmed"]).values_list("link", flat=True)
    )
    assert links == {f"{BASE}/apply/involvements/"}
    client = Client()
    client.force_login(who["confirmed"])
    page = client.get("/apply/involvements/").content.decode()
    assert 'data-application-state="withdrawn"' in page
    assert application.receipt_number in page


def test_the_list_publicity_and_decisions_reach_the_confirmed_county(zone, site_tree):
    application, who = zone
    reviewer = who["reviewer"]
    application.status = State.REVIEWED
    application.save(update_fields=["status"])
    refused = ApplicationFactory(
        kind="reserve",
        organisation=application.organisation,
        created_by=who["lead"],
        submitted=True,
        status=State.REVIEWED,
        number=2,
    )
    CountyInvolvement.objects.create(
        application=refused, county=county("乐平市"), asked_by=who["lead"], status="confirmed"
    )
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates = reserves_publish(
            reviewer=reviewer, applications=[application, refused], day=datetime.date(2025, 9, 22)
        )
    after = datetime.datetime.combine(
        candidates.period.end_date + datetime.timedelta(days=1),
        datetime.time(0, 1),
        tzinfo=SHANGHAI,
    )
    assert publicity_close(candidate_list_id=candidates.pk, now=after)
    with time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False):
        approval_record(
            candidate_list=candidates,
            user=reviewer,
            document_number="景府字〔2025〕121号",
            approved_on=datetime.date(2025, 11, 3),
            scan=SimpleUploadedFile("批复.pdf", PDF),
            applications=[application],
        )
        application_transition(
            application=refused, action="record_refusal", user=reviewer, reason="市政府未批准。"
        )

    lead = events(who["lead"])
    assert sorted(set(lead)) == [
        "application.add_to_candidate_list",
        "application.record_refusal",
        "approval.record",
        "publicity.end",
        "publicity.start",
    ]
    assert events(who["confirmed"]) == lead
    assert events(who["asked"]) == events(who["unnamed"]) == []


def test_a_rejection_reaches_the_confirmed_county_only(zone):
    application, who = zone
    application_transition(
        application=application, action="reject", user=who["reviewer"], reason="条件不符。"
    )
    assert events(who["lead"]) == events(who["confirmed"]) == ["application.reject"]
    assert events(who["asked"]) == events(who["unnamed"]) == []


def test_a_base_applications_notices_reach_its_members_as_before():
    member, other = UserFactory(roles=[Role.APPLICANT]), UserFactory(roles=[Role.APPLICANT])
    organisation = OrganisationFactory(county=county("浮梁县"))
    organisation.members.add(member, other)
    bureau = bureau_of("浮梁县", username="fuliang-bureau")
    application = ApplicationFactory(
        organisation=organisation,
        created_by=member,
        submitted=True,
        status=State.MATERIAL_REVIEW,
        number=3,
    )
    application_transition(
        application=application,
        action="reject",
        user=UserFactory(roles=[Role.MUNICIPAL_REVIEWER]),
        reason="条件不符。",
    )
    told = InboxMessage.objects.filter(event="application.reject")
    assert {m.recipient for m in told} == {member, other}
    assert {m.link for m in told} == {f"{BASE}/apply/{application.pk}/review/"}
    assert events(bureau) == []
