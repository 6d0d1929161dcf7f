"""The lead county bureau asks again, in a real browser and by clicking
only, a county that declined taking part in its reserve draft (第六条（一））:
from its applications page to the draft's zone step, then the county's
button; the request is pending again."""

import datetime
import importlib

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser

PASSWORD = "Jdz-test-2026"


def _declined_draft():
    """浮梁县's bureau, a member of its organisation, with a reserve draft
    naming 乐平市, whose bureau declined."""
    from django.apps import apps
    from django.utils import timezone

    from applications.models import AccountProfile, County, CountyInvolvement
    from tests.factories import ApplicationFactory, OrganisationFactory
    from tests.registration import bureau_of

    if not County.objects.filter(name="浮梁县").exists():
        migration = importlib.import_module("applications.migrations.0003_load_divisions")
        migration.divisions_load(apps, None)
    lead = bureau_of("浮梁县", username="fuliang-bureau")
    AccountProfile.objects.filter(user=lead).update(
        email_verified_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    organisation = OrganisationFactory(
        name="浮梁县文化广电新闻出版旅游局", county=County.objects.get(name="浮梁县")
    )
    organisation.members.add(lead)
    application = ApplicationFactory(kind="reserve", organisation=organisation, created_by=lead)
    leping = bureau_of("乐平市", username="leping-bureau")
    return CountyInvolvement.objects.create(
        application=application,
        county=County.objects.get(name="乐平市"),
        asked_by=lead,
        status="declined",
        decided_by=leping,
        decided_at=timezone.now(),
        reason="洪岩镇未开展整体性保护。",
    )


def test_the_lead_asks_a_declined_county_again(committed_db, live_server, page, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    involvement = _declined_draft()
    application = involvement.application
    journey = Journey(page, live_server.url, "involvement-ask-again")
    journey.start("/accounts/login/")
    journey.fill("用户名", "fuliang-bureau")
    journey.fill("密码", PASSWORD)
    journey.click(journey.page.locator("main form button[type=submit]"), "sign in")
    journey.click(
        page.locator(f'main a[href="/apply/{application.pk}/area/"]'), "the reserve draft"
    )
    county = page.locator(f'[data-involvements] li[data-county="{involvement.county_id}"]')
    expect(county).to_have_attribute("data-status", "declined")
    journey.click(page.locator(f'[data-ask-again="{involvement.pk}"]'), "ask 乐平市 again")
    expect(county).to_have_attribute("data-status", "pending")
    expect(page.locator(f'[data-ask-again="{involvement.pk}"]')).to_have_count(0)
    involvement.refresh_from_db()
    assert involvement.status == "pending" and involvement.reason == ""
