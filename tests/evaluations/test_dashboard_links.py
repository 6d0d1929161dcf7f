"""Every count and overdue item of the bureau's dashboard opens its
filtered listing or its item; an administrator sees the failed sign-ins and
locked accounts with an unlock action (confirmed, POSTed with its CSRF
token, logged), a reviewer neither sees nor reaches it (issue 16, item 6)."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications.roles import Role
from evaluations.models import Obligation
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        yield


def signed_in(role) -> tuple[Client, object]:
    user = UserFactory(roles=[role])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client, user


def hrefs(page: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


@pytest.fixture
def late_unit():
    unit = UnitFactory(name="瑶里古窑生产性保护基地", category="research")
    Obligation.objects.create(
        unit=unit, kind="self_assessment", period=2025, due_date=TODAY - datetime.timedelta(days=9)
    )
    return unit


@pytest.fixture
def locked():
    now = timezone.now()
    AccessFailureLog.objects.create(
        username="kiln-master",
        ip_address="203.0.113.7",
        user_agent="x",
        attempt_time=now,
        path_info="/admin/login/",
        locked_out=True,
    )
    return AccessAttempt.objects.create(
        username="kiln-master",
        ip_address="203.0.113.7",
        user_agent="x",
        attempt_time=now,
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/admin/login/",
    )


def test_counts_and_overdue_items_link_to_their_filtered_listings(late_unit):
    client, _user = signed_in(Role.MUNICIPAL_REVIEWER)
    page = client.get("/admin/").content.decode()
    links = hrefs(page)
    assert "/admin/units/" in links  # the total
    assert "/admin/units/?status=designated_base" in links
    assert "/admin/units/?category=research" in links
    assert "/admin/units/?kind=reserve" in links
    assert f"/admin/units/?county={late_unit.county_id}" in links
    overdue = page[page.index('id="bureau-overdue') :]
    assert f'href="/admin/units/inspect/{late_unit.pk}/"' in overdue
    # Each listing link opens and applies its filter.
    research = client.get("/admin/units/?category=research")
    assert research.status_code == 200 and "瑶里古窑" in research.content.decode()
    assert "瑶里古窑" not in client.get("/admin/units/?category=production").content.decode()


def test_the_unit_page_offers_a_rectification_order_for_it(late_unit):
    client, _user = signed_in(Role.MUNICIPAL_REVIEWER)
    page = client.get(f"/admin/units/inspect/{late_unit.pk}/").content.decode()
    assert f"/admin/rectification_orders/new/?unit={late_unit.pk}" in hrefs(page)
    form = client.get(f"/admin/rectification_orders/new/?unit={late_unit.pk}").content.decode()
    assert re.search(rf'<option value="{late_unit.pk}"[^>]*selected', form)


def test_an_administrator_sees_failed_sign_ins_and_unlocks_with_a_logged_confirmed_post(locked):
    client, admin = signed_in(Role.ADMIN)
    page = client.get("/admin/").content.decode()
    assert 'id="bureau-signins' in page and 'data-failures="1"' in page
    assert 'data-locked-account="kiln-master"' in page
    unlock = f"/admin/locked_accounts/unlock/{locked.pk}/"
    assert unlock in hrefs(page)
    assert "/admin/signin_failures/?attempt_time_after=2026-03-01" in hrefs(page)
    confirm = client.get(unlock)
    assert confirm.status_code == 200 and AccessAttempt.objects.exists()  # GET changes nothing
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.content.decode())
    assert client.post(unlock).status_code == 403  # without the token
    assert AccessAttempt.objects.exists()
    client.post(unlock, {"csrfmiddlewaretoken": token.group(1)})
    assert not AccessAttempt.objects.exists()
    entry = ModelLogEntry.objects.get(action="portal.account.unlock")
    assert entry.user_id == admin.pk and entry.data["username"] == "kiln-master"
    assert 'data-locked-account="kiln-master"' not in client.get("/admin/").content.decode()


def test_a_reviewer_neither_sees_the_panel_nor_unlocks(locked):
    client, _user = signed_in(Role.MUNICIPAL_REVIEWER)
    page = client.get("/admin/").content.decode()
    assert 'id="bureau-overdue' in page and 'id="bureau-signins' not in page
    assert "kiln-master" not in page
    unlock = f"/admin/locked_accounts/unlock/{locked.pk}/"
    assert client.get(unlock).status_code == 404
    assert AccessAttempt.objects.exists()
    assert not ModelLogEntry.objects.filter(action="portal.account.unlock").exists()
