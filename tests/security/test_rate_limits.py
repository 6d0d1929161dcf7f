"""Finding 1: rotating X-Forwarded-For no longer escapes any limit, a
trusted proxy's X-Forwarded-For is honoured, and objections are limited
per candidate whatever the address and the contact."""

import datetime

import pytest

import portal.api.base
from applications.models import Objection
from evaluations.models import AssessmentStatus, SelfAssessment
from portal.core.models import WorkingDayPeriod
from portal.core.spamguard import shown_token
from tests.factories import UnitFactory, UserFactory

from .conftest import objection_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_clock")]
NGINX = "10.0.0.5"


def rotating(n: int) -> dict:
    """A header naming another client on every request."""
    return {"HTTP_X_FORWARDED_FOR": f"203.0.{n // 250}.{n % 250 + 1}"}


def test_rotating_the_header_does_not_escape_the_objection_limit(open_window, client):
    candidates, page = open_window
    codes = [
        client.post(page.url + "objection/", objection_data(candidates), **rotating(n)).status_code
        for n in range(11)
    ]
    assert codes == [302] * 10 + [429]
    assert Objection.objects.count() == 10


def test_rotating_the_header_does_not_escape_the_follow_up_limit(open_window, client):
    _candidates, page = open_window
    codes = [
        client.post(page.url + "follow/", {"code": "YYNOTACODE"}, **rotating(n)).status_code
        for n in range(31)
    ]
    assert codes == [200] * 30 + [429]


def test_rotating_the_header_does_not_escape_the_sign_in_limit(client):
    credentials = {"username": "potter", "password": "wrong-Password-1"}
    codes = [
        client.post("/accounts/login/", credentials, **rotating(n)).status_code for n in range(31)
    ]
    assert codes == [200] * 30 + [429]


def test_the_staff_sign_in_is_limited_by_address_too(client):
    """The admin's sign-in counts in the same window as the portal's: one
    address cannot try 30 passwords on each."""
    credentials = {"username": "potter", "password": "wrong-Password-1"}
    codes = [client.post("/accounts/login/", credentials).status_code for _ in range(20)]
    codes += [
        client.post("/admin/login/", credentials, **rotating(n)).status_code for n in range(11)
    ]
    assert codes == [200] * 30 + [429]


def test_rotating_the_header_does_not_escape_the_registration_limit(client):
    codes = [
        client.post("/accounts/register/", {"username": ""}, **rotating(n)).status_code
        for n in range(11)
    ]
    assert codes == [200] * 10 + [429]


def test_rotating_the_header_does_not_escape_the_comment_limit(client):
    member = UserFactory()
    unit = UnitFactory(code="2024-SYQ-001", member=member)
    period = WorkingDayPeriod.objects.create(
        kind="self_assessment_comment",
        label=unit.name,
        anchor_date=datetime.date(2025, 1, 6),
        working_days=10,
        start_date=datetime.date(2025, 1, 6),
        end_date=datetime.date(2025, 1, 17),
    )
    SelfAssessment.objects.create(
        unit=unit,
        year=2024,
        summary="完成重点工作十项。",
        status=AssessmentStatus.COMMENTING,
        comment_period=period,
        created_by=member,
    )
    url = f"/directory/{unit.code}/self-assessment/2024/"
    codes = [
        client.post(
            url,
            {
                "name": "村民",
                "phone": f"1350000{n:04d}",
                "text": "建议开放。",
                "website": "",
                "shown": shown_token(age=30),
            },
            **rotating(n),
        ).status_code
        for n in range(11)
    ]
    assert 429 not in codes[:10] and codes[10] == 429


def test_a_thousand_addresses_in_the_header_meet_the_api_limit(client):
    codes = [client.get("/api/v1/units", **rotating(n)).status_code for n in range(1000)]
    assert codes[:600] == [200] * 600
    assert codes[600:] == [429] * 400


def test_a_trusted_proxy_is_believed_about_its_clients(client, settings, monkeypatch):
    settings.TRUSTED_PROXIES = [NGINX]
    monkeypatch.setattr(portal.api.base, "RATE_LIMIT", 3)

    def get(forwarded: str) -> int:
        return client.get(
            "/api/v1/notices", REMOTE_ADDR=NGINX, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # What a client writes before nginx appends its address counts for nothing.
    assert [get(f"6.6.6.{n}, 203.0.113.9") for n in range(4)] == [200, 200, 200, 429]
    # Another client behind the same nginx has a limit of its own.
    assert get("203.0.113.10") == 200


def test_objections_to_one_candidate_are_limited_whatever_the_address_and_contact(
    open_window, client
):
    candidates, page = open_window
    other = candidates.applications.order_by("receipt_number").last()
    codes = [
        client.post(
            page.url + "objection/", objection_data(candidates), REMOTE_ADDR=f"198.51.100.{n}"
        ).status_code
        for n in range(21)
    ]
    assert codes == [302] * 20 + [429]
    # Another candidate of the list still takes objections.
    response = client.post(
        page.url + "objection/",
        objection_data(candidates, candidate=other.pk),
        REMOTE_ADDR="198.51.100.99",
    )
    assert response.status_code == 302
    assert Objection.objects.exclude(application=other).count() == 20


def test_an_ipv6_client_is_counted_by_its_network(client, monkeypatch):
    # A subscriber may use any address of its /64: rotating them is one client.
    monkeypatch.setattr(portal.api.base, "RATE_LIMIT", 3)
    codes = [
        client.get("/api/v1/notices", REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code
        for n in range(1, 5)
    ]
    assert codes == [200, 200, 200, 429]
    assert client.get("/api/v1/notices", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200
