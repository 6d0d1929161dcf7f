"""Finding 6 of issue 13: anonymous input that answered 500. A value longer
than its column or with a NUL character, posted to the objection or the
comment form; a NUL in the address of the search, the API or any page; a
filed self-assessment without a comment period. Each is answered with a
message (400, or the page itself), never 500, and writes nothing."""

import datetime
import json

import pytest
import time_machine
from django.test import Client

from applications.models import Objection
from evaluations.models import PublicComment, SelfAssessment
from portal.core.dates import SHANGHAI
from portal.core.models import WorkingDayPeriod
from portal.core.spamguard import shown_token
from tests.applications.test_hostile_input import objection
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 9, 22)
AT_NINE = datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI)
# What no person types: longer than every column, or a NUL character.
TOO_LONG = {
    "long-name": {"name": "李" * 300},
    "long-phone": {"phone": "1" * 300},
    "long-email": {"email": "a" * 300 + "@example.com"},
    "nul-name": {"name": "李\x00四"},
    "nul-phone": {"phone": "135\x0000000000"},
}


@pytest.fixture
def anonymous():
    """A client that answers a server error with a 500 page, as a browser
    sees it, instead of raising it into the test."""
    return Client(raise_request_exception=False)


# The objection form refused a long or NUL telephone number already
# (tests/applications/test_hostile_input.py); these answered 500.
OBJECTION = {key: TOO_LONG[key] for key in ("long-name", "long-email", "nul-name")}


@pytest.mark.parametrize("fields", OBJECTION.values(), ids=OBJECTION.keys())
def test_an_objection_too_long_or_with_a_nul_is_refused(publicise, anonymous, fields):
    with time_machine.travel(AT_NINE, tick=True):
        candidates, page, _reviewer = publicise(MONDAY)
        response = anonymous.post(page.url + "objection/", objection(candidates, **fields))
    assert response.status_code == 400
    assert 'id="objection-problems"' in response.content.decode()
    assert not Objection.objects.exists()


@pytest.fixture
def commenting(site_tree):
    """A self-assessment of 2024 under public comment from MONDAY for three
    weeks; returns its public address."""
    member = UserFactory()
    unit = UnitFactory(member=member, established_on=datetime.date(2024, 3, 15))
    period = WorkingDayPeriod.objects.create(
        kind="self_assessment_comment",
        label=f"{unit.name} 2024",
        anchor_date=MONDAY,
        working_days=15,
        first_day_rule="same_day",
        start_date=MONDAY,
        end_date=MONDAY + datetime.timedelta(days=21),
    )
    SelfAssessment.objects.create(
        unit=unit,
        year=2024,
        status="commenting",
        key_work=["古窑址保护"],
        summary="完成重点工作十项。",
        comment_period=period,
        created_by=member,
    )
    return f"/directory/{unit.code}/self-assessment/2024/"


def comment(**fields) -> dict:
    # Made at the request's time: the spam guard's token is timed.
    return {
        "name": "村民丙",
        "phone": "13500000002",
        "email": "",
        "text": "建议开放古窑址参观，并增设讲解。",
        "website": "",
        "shown": shown_token(age=30),
    } | fields


def test_the_comment_form_takes_a_comment_people_type(commenting, anonymous):
    with time_machine.travel(AT_NINE, tick=True):
        response = anonymous.post(commenting, comment())
    assert response.status_code == 200 and "data-receipt-code" in response.content.decode()
    assert PublicComment.objects.count() == 1


@pytest.mark.parametrize("fields", TOO_LONG.values(), ids=TOO_LONG.keys())
def test_a_comment_too_long_or_with_a_nul_is_refused(commenting, anonymous, fields):
    with time_machine.travel(AT_NINE, tick=True):
        assert 'data-comment-state="open"' in anonymous.get(commenting).content.decode()
        response = anonymous.post(commenting, comment(**fields))
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not PublicComment.objects.exists()


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("query", ["q=陶瓷%00", "q=%00", "q=陶瓷&page=%00", "%00=1"])
def test_a_nul_in_the_search_is_refused_with_a_page(site_tree, anonymous, prefix, query):
    response = anonymous.get(f"{prefix}/search/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-refusal="nul"' in html
    # In the language of the address: the Chinese page without a prefix.
    assert response["Content-Language"] == ("en" if prefix else "zh-hans")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/units?county=%00",
        "/api/v1/units?county=%E6%B5%AE%00",
        "/api/v1/units/2024-JD-001%00",
        "/api/v1/units/%00",
        "/api/v1/publicity?limit=10&x=%00",
        "/api/v1/notices?%00",
    ],
)
def test_a_nul_in_an_api_address_is_refused_in_json(site_tree, anonymous, address):
    UnitFactory()
    response = anonymous.get(address)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    detail = json.loads(response.content)["detail"]
    assert isinstance(detail, str) and "U+0000" in detail


@pytest.mark.parametrize(
    "address", ["/directory/?county=%00", "/notices/?page=%00", "/?x=%00", "/directory/%00/"]
)
def test_a_nul_anywhere_in_a_page_address_is_refused(site_tree, anonymous, address):
    response = anonymous.get(address)
    assert response.status_code == 400
    assert 'data-refusal="nul"' in response.content.decode()


def test_a_filed_self_assessment_without_a_comment_period_is_shown(site_tree, anonymous):
    member = UserFactory()
    unit = UnitFactory(member=member)
    SelfAssessment.objects.create(
        unit=unit, year=2024, status="filed", summary="完成重点工作十项。", created_by=member
    )
    address = f"/directory/{unit.code}/self-assessment/2024/"
    response = anonymous.get(address)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-comment-state="none"' in html and "完成重点工作十项。" in html
    assert "<form" not in html.split('<main id="main"', 1)[1]
    # A comment posted anyway is refused with the reason, and not kept.
    response = anonymous.post(address, comment())
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not PublicComment.objects.exists()
