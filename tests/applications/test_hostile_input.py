"""What no person types — a value far too long, a NUL byte, a word where a
number or a date belongs — is refused by the forms with a clear answer:
never a 500, and nothing written."""

import datetime

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from applications.models import Application, FieldInspection, Hearing, Objection
from applications.roles import Role
from applications.workflow import State
from portal.core.dates import SHANGHAI
from portal.core.spamguard import shown_token
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 9, 22)  # a window from 2025-09-22 to 2025-10-23
LONG = "长" * 10_000
NUL = "李\x00四"


def objection(candidates, **fields):
    return {
        "candidate": candidates.applications.order_by("receipt_number").first().pk,
        "name": "李四",
        "phone": "0798-1234567",
        "email": "",
        "grounds": "该单位近三年并未开展传承活动，申报材料与事实不符。",
        "website": "",
        "shown": shown_token(age=60),
    } | fields


@pytest.mark.parametrize(
    "fields",
    [
        {"name": LONG},
        {"name": NUL},
        {"grounds": LONG},
        {"grounds": "申报材料\x00与事实不符，请核查。"},
        {"phone": LONG},
        {"email": "a" * 300 + "@example.invalid"},
        {"candidate": "not-a-number"},
        {"candidate": "999999"},
        {"pending": LONG},
    ],
    ids=[
        "long-name",
        "nul-name",
        "long-grounds",
        "nul-grounds",
        "long-phone",
        "long-email",
        "word-candidate",
        "unknown-candidate",
        "long-pending",
    ],
)
def test_an_objection_no_person_types_is_refused_clearly(publicise, client, fields):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=True):
        candidates, page, _reviewer = publicise(MONDAY)
        response = client.post(page.url + "objection/", objection(candidates, **fields))
    assert response.status_code == 400
    assert 'id="objection-problems"' in response.content.decode()
    assert not Objection.objects.exists()


def test_a_follow_up_with_a_nul_or_a_long_code_finds_nothing(publicise, client):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=True):
        _candidates, page, _reviewer = publicise(MONDAY)
        for code in ("YY\x00ABC", LONG):
            response = client.post(page.url + "follow/", {"code": code})
            assert response.status_code == 200
            assert response.context["not_found"] is True
            assert response.context["objection"] is None


@pytest.fixture
def reviewing(organisation):
    """An application in field inspection, and a reviewer at its page."""
    application = ApplicationFactory(
        organisation=organisation, status=State.FIELD_INSPECTION, number=9
    )
    return application, UserFactory(roles=[Role.MUNICIPAL_REVIEWER])


@pytest.mark.parametrize(
    "fields",
    [
        {"date": "2025-09-01", "inspectors": LONG, "findings": "场地与申报一致"},
        {"date": "2025-09-01", "inspectors": "王、李", "findings": "场地\x00一致"},
        {"date": "昨天", "inspectors": "王、李", "findings": "场地与申报一致"},
        {"date": "2025-09-01", "inspectors": "", "findings": "场地与申报一致"},
    ],
    ids=["long-inspectors", "nul-findings", "word-date", "no-inspectors"],
)
def test_an_inspection_no_person_types_is_refused_with_a_message(client, reviewing, fields):
    application, reviewer = reviewing
    client.force_login(reviewer)
    response = client.post(
        f"/admin/applications_review/transition/{application.pk}/",
        {"action": "inspection_record", **fields},
        follow=True,
    )
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not FieldInspection.objects.exists()


def test_a_hearing_with_a_nul_byte_is_refused(client, organisation):
    application = ApplicationFactory(organisation=organisation, status=State.HEARING, number=10)
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    response = client.post(
        f"/admin/applications_review/transition/{application.pk}/",
        {
            "action": "hearing_record",
            "date": "2025-09-05",
            "heard": "村民\x00代表",
            "summary": "支持",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert not Hearing.objects.exists()


def test_a_transition_reason_too_long_is_refused_and_the_state_stays(client, organisation):
    application = ApplicationFactory(
        organisation=organisation, status=State.MATERIAL_REVIEW, number=11
    )
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    response = client.post(
        f"/admin/applications_review/transition/{application.pk}/",
        {"action": "reject", "reason": LONG},
        follow=True,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == State.MATERIAL_REVIEW
    assert not ModelLogEntry.objects.filter(action="portal.application.reject").exists()


def test_an_unknown_action_is_refused_with_a_message(client, organisation):
    application = ApplicationFactory(
        organisation=organisation, status=State.MATERIAL_REVIEW, number=12
    )
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    for action in ("drop_table", "\x00", LONG):
        response = client.post(
            f"/admin/applications_review/transition/{application.pk}/",
            {"action": action},
            follow=True,
        )
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["error"]
    application.refresh_from_db()
    assert application.status == State.MATERIAL_REVIEW


def test_a_new_application_for_another_organisation_is_not_found(client, organisation):
    applicant = UserFactory(roles=[Role.APPLICANT])
    client.force_login(applicant)
    assert client.post("/apply/new/", {"organisation": organisation.pk}).status_code == 404
    assert client.post("/apply/new/", {"organisation": "x\x00"}).status_code == 404
    assert not Application.objects.exists()
