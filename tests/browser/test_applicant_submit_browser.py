"""An applicant with a complete draft submits it by clicking alone: signs
in, opens the draft from the dashboard, goes to the check step, accepts the
declaration of truthfulness, confirms, sees the receipt, reads a submitted
step and sees where the application stands on the path."""

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser


@pytest.fixture
def complete_draft(committed_db):
    """A registered applicant (verified, organisation confirmed) with a
    complete base draft."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from applications.models import Organisation
    from cms.services import site_tree_ensure
    from tests.applications.test_check_and_submit import complete_draft
    from tests.registration import register

    site_tree_ensure()
    register(Client())
    user = get_user_model().objects.get(username="workshop")
    return complete_draft(user, Organisation.objects.get(members=user))


def test_an_applicant_checks_declares_confirms_and_reads_what_was_submitted(
    complete_draft, live_server, page
):
    from tests.registration import PASSWORD

    journey = Journey(page, live_server.url, "applicant-submit")
    journey.start("/accounts/login/")
    journey.fill("用户名", "workshop").fill("密码", PASSWORD)
    journey.click(page.locator("main form button[type=submit]"), "sign in")
    journey.click(page.locator(f'a[href="/apply/{complete_draft.pk}/"]'), "open the draft")
    # The last step of the form: check and submit.
    journey.click(page.locator("nav.steps a").last, "check and submit")
    expect(page.locator("[data-section]")).to_have_count(3)
    expect(page.locator("ul[data-problems]")).to_have_count(0)
    expect(page.locator('[data-slot="staff_list"]')).to_contain_text("从业人员名单")

    journey.click(page.locator("[data-declaration-form] input[name=declaration]"), "declare")
    expect(page.locator("input[name=declaration]")).to_be_checked()
    journey.click(page.locator("[data-declaration-form] button[type=submit]"), "continue")
    expect(page.locator("[data-submit-confirm]")).to_be_visible()
    journey.click(page.locator("button[data-submit-confirmed]"), "confirm")

    # The receipt, rendered after the commit (eager in tests), is there.
    expect(page.locator("a[data-receipt]")).to_be_visible()
    expect(page.locator("[data-receipt-materials]")).to_contain_text("营业执照或法人登记证书")
    expect(page.locator('[data-stage="material_review"]')).to_have_attribute(
        "data-standing", "current"
    )
    expect(page.locator('[data-stage="apply"]')).to_have_attribute("data-standing", "done")

    journey.click(page.locator("[data-submitted-steps] a").first, "read the first step")
    expect(page.locator("[data-read-only]")).to_be_visible()
    expect(page.locator('[data-section="projects"]')).to_contain_text("景德镇手工制瓷技艺")
    expect(page.locator("main input[type=text], main textarea")).to_have_count(0)

    journey.click(page.locator("nav.steps a").last, "back to the application")
    expect(page.locator("[aria-current=step][data-stage]")).to_have_attribute(
        "data-stage", "material_review"
    )
    complete_draft.refresh_from_db()
    assert complete_draft.status == "submitted" and complete_draft.declaration_version


def test_the_receipt_region_updates_itself_once_the_receipt_is_rendered(
    complete_draft, live_server, page
):
    from applications.models import Application
    from applications.services.submission import receipt_render_store
    from tests.registration import PASSWORD

    # Submitted, its receipt not rendered yet (the task has not run).
    Application.objects.filter(pk=complete_draft.pk).update(
        status="submitted",
        receipt_number="JDZ-JD-2026-0001",
        submitted_at=complete_draft.created_at,
    )
    journey = Journey(page, live_server.url, "applicant-receipt")
    journey.start("/accounts/login/")
    journey.fill("用户名", "workshop").fill("密码", PASSWORD)
    journey.click(page.locator("main form button[type=submit]"), "sign in")
    journey.click(page.locator(f'a[href="/apply/{complete_draft.pk}/review/"]'), "open")
    expect(page.locator("[data-receipt-pending]")).to_be_visible()
    url = page.url
    receipt_render_store(application_id=complete_draft.pk)
    # No reload: the page's script fetches the region again.
    expect(page.locator("a[data-receipt]")).to_be_visible(timeout=15_000)
    expect(page.locator("[data-receipt-pending]")).to_have_count(0)
    assert page.url == url and len(journey.steps) == 3
