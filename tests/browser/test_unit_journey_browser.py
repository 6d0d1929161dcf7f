"""A unit's journey by clicking alone: the county bureau of an experimental
zone — its plan filed, its self-assessment of last year overdue, a
rectification ordered — signs in on the form, lands on its units, and by
clicking files the overdue self-assessment (drafted and published for
comment, filed once the comment is over, signing in again), requests a
plan change and reports on the rectification, seeing each on the
timeline. In English (/en/): the Chinese of new strings comes at merge."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser
PASSWORD = "Jdz-test-2026"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
DAY = datetime.datetime(2025, 6, 3, 9, 0, tzinfo=SHANGHAI)
# The public comment of the self-assessment is over; the rectification's
# deadline (a month after DAY) is still ahead.
AFTER_COMMENT = datetime.datetime(2025, 6, 24, 9, 0, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _sign_in(journey: Journey, username: str) -> None:
    journey.fill("Username", username).fill("Password", PASSWORD)
    journey.click_button("Sign in", exact=True)


def _row(journey: Journey, kind: str):
    return journey.page.locator(f'[data-timeline] tr[data-obligation="{kind}"]').first


def test_a_unit_files_changes_and_reports_by_clicking(committed_db, live_server, page):
    from applications.roles import Role
    from cms.services import site_tree_ensure
    from evaluations.models import PlanChange, RectificationOrder, SelfAssessment
    from tests.evaluations.history import unit_history_seed
    from tests.factories import UnitFactory, UserFactory

    site_tree_ensure()
    county = UserFactory(username="fuliang-bureau", roles=[Role.COUNTY_BUREAU])
    reviewer = UserFactory(username="unit-reviewer", roles=[Role.MUNICIPAL_REVIEWER])
    unit = UnitFactory(
        kind="reserve",
        category="",
        status="experimental_zone",
        name="浮梁县陶瓷文化生态保护实验区",
        code="2024-SYQ-001",
        established_on=datetime.date(2024, 3, 15),
        member=county,
    )

    with time_machine.travel(DAY, tick=True):
        unit_history_seed(unit=unit, member=county, reviewer=reviewer, day=DAY.date())
        journey = Journey(page, live_server.url, "unit")
        journey.start("/en/accounts/login/")
        _sign_in(journey, "fuliang-bureau")
        expect(page).to_have_url(re.compile(r"/en/units/$"))
        journey.click_link(unit.name)
        expect(_row(journey, "self_assessment")).to_contain_text("Overdue")

        # 1. The overdue self-assessment of 2024: drafted and published.
        journey.click(
            page.locator('[data-timeline-section="current"] a[data-obligation-link]').filter(
                has_text="2024"
            ),
            "overdue self-assessment 2024",
        )
        journey.fill("Key work (one item per line)", "古窑址保护与修缮\n传承人带徒授艺")
        journey.fill("Summary of the report", "2024年度完成保护区建设重点工作十项。")
        page.get_by_label("Self-assessment report", exact=True).set_input_files(
            _file("2024年度自评报告.pdf")
        )
        page.locator("#id_events-0-name").fill("瑶里陶瓷文化展演周")
        page.locator("#id_events-0-date").fill("2024-10-01")
        page.locator("#id_events-0-place").fill("瑶里镇")
        journey.click_button("Save and publish for public comment")
        expect(page.locator("[data-assessment-status]").first).to_have_attribute(
            "data-assessment-status", "commenting"
        )

    with time_machine.travel(AFTER_COMMENT, tick=True):
        # The comment is over; the session of three weeks ago has expired.
        journey.click_button("File with the bureau")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        _sign_in(journey, "fuliang-bureau")
        journey.click_button("File with the bureau")
        expect(page).to_have_url(re.compile(rf"/en/units/{unit.code}/$"))
        expect(_row(journey, "self_assessment")).to_have_attribute("data-status", "submitted")

        # 2. The plan, read-only, and a request to change it.
        journey.click_link("Master plan", exact=True)
        expect(page.locator("[data-plan-status]")).to_have_attribute("data-plan-status", "filed")
        journey.click_link("Request a plan change")
        journey.fill("Reason for the change", "瑶里镇新增两个传统村落纳入核心区。")
        page.get_by_label("Evidence of the residents' consultation").set_input_files(
            _file("村民意见征求记录.pdf")
        )
        page.get_by_label("The county government's consent").set_input_files(
            _file("县政府同意函.pdf")
        )
        page.get_by_label("The changed plan").set_input_files(_file("总体规划（修订）.pdf"))
        journey.click_button("Send the change to the bureau")
        expect(page.locator("[data-plan-change]")).to_have_attribute(
            "data-plan-change", "submitted"
        )
        journey.click_link(unit.name)

        # 3. The rectification report.
        journey.click(
            page.locator('[data-timeline] tr[data-obligation="rectification"] a'),
            "rectification report",
        )
        expect(page.locator("[data-rectification-items]")).to_contain_text("防雨棚")
        journey.fill("What was done to rectify each item", "1. 防雨棚已修缮。\n2. 带徒记录已补齐。")
        page.get_by_label("Rectification report document").set_input_files(_file("整改报告.pdf"))
        journey.click_button("Submit the rectification report")
        expect(page).to_have_url(re.compile(rf"/en/units/{unit.code}/$"))
        expect(_row(journey, "rectification")).to_have_attribute("data-status", "submitted")
        expect(page.locator("[data-rectification-orders]")).to_contain_text("Report submitted")

    assert SelfAssessment.objects.get(unit=unit, year=2024).status == "submitted"
    assert PlanChange.objects.get().status == "submitted"
    assert RectificationOrder.objects.get().status == "reported"
