"""An administrator finds what a broker outage left behind by clicking:
the sidebar's settings menu, 待投递任务, then a recorded job."""

import re

import pytest
from playwright.sync_api import expect

from applications.roles import Role
from tests.factories import UserFactory

PASSWORD = "Jdz-test-2026"

pytestmark = pytest.mark.browser


# committed_db: the live server's thread must see the user and the job.
def test_an_administrator_reaches_a_recorded_job_from_the_menu(committed_db, live_server, page):
    from portal.core.models import QueuedTask

    job = QueuedTask.objects.create(
        name="applications.tasks.receipt_render", args=[41], last_error="Connection refused"
    )
    UserFactory(username="outbox-admin", roles=[Role.ADMIN])

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("outbox-admin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    sidebar = page.locator("[data-wagtail-sidebar], aside").first
    sidebar.get_by_role("button", name=re.compile("设置|Settings")).click()
    page.locator('a[href="/admin/queued_tasks/"]').click()
    expect(page).to_have_url(re.compile(r"/admin/queued_tasks/$"))
    expect(page.get_by_text("applications.tasks.receipt_render")).to_be_visible()

    page.locator(f'a[href="/admin/queued_tasks/inspect/{job.pk}/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/admin/queued_tasks/inspect/{job.pk}/$"))
    expect(page.get_by_text("Connection refused")).to_be_visible()
