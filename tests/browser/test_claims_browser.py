"""The county bureau confirms an organisation's claim in a real browser:
it signs in to the administration, follows the admin home's panel to the
pending claims, opens the claim, sees the licence and confirms it."""

import importlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

PASSWORD = "Jdz-test-2026"
USCC = "91350100M000100Y43"
ORGANISATION = "瑶里古窑瓷业有限公司"

pytestmark = pytest.mark.browser


def _png() -> bytes:
    """A real 40 × 20 PNG: the page shows it only if the bureau may read it."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, format="PNG")
    return out.getvalue()


def _pending_claim():
    """An organisation of 浮梁县 registered with its licence, pending."""
    from django.apps import apps

    from applications.models import County, Organisation, Township
    from applications.services.accounts import account_register

    if not County.objects.filter(name="浮梁县").exists():
        migration = importlib.import_module("applications.migrations.0003_load_divisions")
        migration.divisions_load(apps, None)
    township = Township.objects.get(name="瑶里镇")
    account_register(
        username="yaoli-workshop",
        email="yaoli@example.invalid",
        password="Jdz-apply-2026",
        organisation={
            "uscc": USCC,
            "name": ORGANISATION,
            "county": township.county,
            "township": township,
            "address": "浮梁县瑶里镇",
            "contact_name": "陈师傅",
            "contact_phone": "0798-8888888",
            "contact_email": "yaoli@example.invalid",
        },
        licence=SimpleUploadedFile("营业执照.png", _png(), content_type="image/png"),
    )
    return Organisation.objects.get(uscc=USCC)


# committed_db: the live server's thread must see the claim and the bureau.
def test_the_county_bureau_finds_and_confirms_a_pending_claim(committed_db, live_server, page):
    from tests.registration import bureau_of

    organisation = _pending_claim()
    bureau_of(username="fuliang-bureau")

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("fuliang-bureau")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The admin home says one claim waits, and leads to it.
    panel = page.locator("[data-pending-claims]")
    expect(panel).to_have_attribute("data-pending-claims", "1")
    page.locator("#claims-panel-content a, #claims-panel a").first.click()
    expect(page).to_have_url(re.compile(r"/admin/organisation_claims/\?claim_status=pending"))
    page.get_by_role("link", name=ORGANISATION).click()
    expect(page).to_have_url(re.compile(rf"/admin/organisation_claims/inspect/{organisation.pk}/$"))

    # The licence is shown; the bureau confirms.
    licence = page.locator(f'img[src^="/accounts/licence/{organisation.pk}/"]')
    expect(licence).to_be_visible()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth === 40", arg=licence.element_handle()
    )
    page.locator("[data-claim-decide] button[value=confirm]").click()
    # Confirming cannot be withdrawn: its page says what follows.
    expect(page.locator("[data-consequence]")).to_be_visible()
    page.locator("form[data-confirm] button[type=submit]").click()
    expect(page.locator("[data-claim-status]")).to_have_attribute("data-claim-status", "confirmed")
    organisation.refresh_from_db()
    assert organisation.claim_status == "confirmed"

    # The menu leads to the claims too.
    page.goto(live_server.url + "/admin/")
    page.get_by_role("link", name=re.compile("Organisation claims|单位认领")).first.click()
    expect(page).to_have_url(re.compile(r"/admin/organisation_claims/$"))
    expect(page.get_by_role("link", name=ORGANISATION)).to_have_count(1)
