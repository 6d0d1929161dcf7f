"""The municipal government does not approve a candidate: the bureau, by
clicking alone, goes from the candidate list to the refusal screen, types
the document, its date and the reason, attaches the scan, ticks the
candidate, and records it only once the confirmation that says what
follows is ticked too; the list's page then shows the refusal and its
scan. Labels are matched in either language (the Chinese of new strings
comes at merge) or by data attributes."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser
PASSWORD = "Jdz-test-2026"
SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n%scan of the refusal\n"


def test_the_bureau_records_the_governments_refusal_by_clicking(
    committed_db, live_server, page, publicise, settings
):
    from applications.workflow import State

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(datetime.date(2025, 9, 22))
    reviewer.set_password(PASSWORD)
    reviewer.save()
    first, second = candidates.applications.order_by("receipt_number")

    with time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=True):
        journey = Journey(page, live_server.url, "refusal")
        journey.start(f"/admin/login/?next=/admin/candidate_lists/inspect/{candidates.pk}/")
        journey.fill(re.compile("用户名|Username"), reviewer.username)
        journey.fill(re.compile("密码|Password"), PASSWORD)
        journey.click_button(re.compile("^(登录|Sign in)$"))
        expect(page).to_have_url(re.compile(rf"/admin/candidate_lists/inspect/{candidates.pk}/$"))

        journey.click(page.locator("[data-record-refusal]"), "record the refusal")
        expect(page).to_have_url(re.compile(rf"/admin/approvals/refuse/{candidates.pk}/$"))
        journey.fill(re.compile("文号|Document number"), "景府字〔2025〕121号")
        journey.fill(re.compile("不予批准的日期|Date of the refusal"), "2025-11-03")
        journey.fill(re.compile("理由|Reason"), "传承活动开展不足。")
        journey.click(
            page.locator(f'input[name="applications"][value="{first.pk}"]'), "tick the first"
        )
        page.locator('input[name="scan"]').set_input_files(
            {"name": "不予批准.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        journey.click(page.locator("form[data-refusal] button[type=submit]"), "record unticked")

        # Without the confirmation's tick nothing is refused; the form is
        # shown again with what was typed, and the file is chosen again.
        expect(page.locator("[data-consequence]")).to_be_visible()
        expect(page.locator("form[data-refusal] textarea[name=reason]")).to_have_value(
            "传承活动开展不足。"
        )
        first.refresh_from_db()
        assert first.status == State.CANDIDATE
        page.locator('input[name="scan"]').set_input_files(
            {"name": "不予批准.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        journey.click(page.locator('input[name="confirmed"]'), "tick the confirmation")
        journey.click(page.locator("form[data-refusal] button[type=submit]"), "record")

        expect(page).to_have_url(re.compile(rf"/admin/candidate_lists/inspect/{candidates.pk}/$"))
        expect(page.locator(f'[data-candidate-status="{State.REJECTED}"]')).to_have_count(1)
        expect(page.locator(f'[data-refused="{first.pk}"]')).to_have_count(1)
        expect(page.locator("[data-refusal-scan]")).to_have_text("不予批准.pdf")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (State.REJECTED, State.CANDIDATE)
