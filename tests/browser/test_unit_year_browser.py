"""One year of an established unit in a real browser: the county bureau
drafts the self-assessment and publishes it for public comment, a resident
comments on the public page, the comment period ends, the unit files it and
the bureau acknowledges it; then the bureau evaluates the unit and the
report is published on the public site."""

import datetime
import re
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from tests.factories import UnitFactory, UserFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "Jdz-test-2026"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# Monday 2027-01-04; ten working days of comment end on Friday 2027-01-15.
MONDAY = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI)
AFTER_COMMENT = datetime.datetime(2027, 1, 18, 9, 0, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.browser


def _screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    return path


def _login(page, base_url: str, username: str, *, admin: bool = False):
    page.goto(base_url + ("/admin/login/" if admin else "/accounts/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def test_self_assessment_comment_filing_and_evaluation(committed_db, live_server, browser):
    from applications.roles import Role
    from cms.services import site_tree_ensure
    from evaluations.models import Indicator, PublicComment, SelfAssessment
    from evaluations.services.obligations import obligations_generate

    site_tree_ensure()
    county = UserFactory(username="county-officer", roles=[Role.COUNTY_BUREAU])
    UserFactory(username="evaluation-officer", roles=[Role.MUNICIPAL_REVIEWER])
    expert = UserFactory(username="evaluation-expert", roles=[Role.EXPERT])
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    unit = UnitFactory(
        kind="reserve",
        category="",
        status="experimental_zone",
        name="浮梁县陶瓷文化生态保护实验区",
        code="2024-SYQ-001",
        established_on=datetime.date(2024, 1, 20),
        member=county,
    )
    obligations_generate(day=MONDAY.date())

    with time_machine.travel(MONDAY, tick=True):
        # 1. The county bureau drafts the 2026 self-assessment and publishes it.
        context = browser.new_context(locale="zh-CN")
        officer = context.new_page()
        _login(officer, live_server.url, "county-officer")
        officer.goto(f"{live_server.url}/units/{unit.code}/")
        expect(officer.locator("[data-timeline]")).to_contain_text("2026年度自评")
        _screenshot(officer, "unit-timeline.png")
        officer.goto(f"{live_server.url}/units/{unit.code}/self-assessment/2026/")
        officer.get_by_label("重点工作清单（每行一项）").fill("古窑址保护与修缮\n传承人带徒授艺")
        officer.get_by_label("自评报告摘要").fill("2026年度完成保护区建设重点工作十二项。")
        officer.get_by_label("自评报告", exact=True).set_input_files(
            {"name": "2026年度自评报告.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        officer.locator("#id_events-0-name").fill("瑶里陶瓷文化展演周")
        officer.locator("#id_events-0-date").fill("2026-10-01")
        officer.locator("#id_events-0-place").fill("瑶里镇")
        officer.get_by_role("button", name="保存并公开征求意见").click()
        expect(officer.locator("[data-assessment-status]").first).to_have_attribute(
            "data-assessment-status", "commenting"
        )
        expect(officer.locator("[data-comment-state]")).to_contain_text("2027-01-15")

        # 2. A resident comments on the public page.
        public = browser.new_context(locale="zh-CN")
        resident = public.new_page()
        resident.goto(f"{live_server.url}/directory/{unit.code}/")
        resident.get_by_role("link", name="2026年度自评").click()
        expect(resident.locator("main")).to_contain_text("古窑址保护与修缮")
        resident.get_by_label("真实姓名或单位名称").fill("瑶里村民")
        resident.get_by_label("电话", exact=True).fill("13500000009")
        resident.get_by_label("您的意见").fill("建议增加古窑址的开放参观日。")
        resident.wait_for_timeout(3200)  # a person takes a few seconds (spam guard)
        resident.get_by_role("button", name="提交意见").click()
        expect(resident.locator("[data-receipt-code]")).to_be_visible()
        expect(resident.locator("main")).not_to_contain_text("13500000009")
        _screenshot(resident, "unit-self-assessment-public.png")
        public.close()
        assert PublicComment.objects.get().name == "瑶里村民"
        context.close()

    with time_machine.travel(AFTER_COMMENT, tick=True):
        # 3. The comment period is over: the unit files it with the bureau.
        context = browser.new_context(locale="zh-CN")
        officer = context.new_page()
        _login(officer, live_server.url, "county-officer")
        officer.goto(f"{live_server.url}/units/{unit.code}/self-assessment/2026/")
        officer.get_by_role("button", name="报市文旅局备案").click()
        expect(officer).to_have_url(re.compile(rf"/units/{unit.code}/$"))
        context.close()

        # 4. The bureau reads the comment (with the commenter, for staff) and
        #    acknowledges the self-assessment.
        context = browser.new_context(locale="zh-CN")
        reviewer = context.new_page()
        _login(reviewer, live_server.url, "evaluation-officer", admin=True)
        reviewer.goto(f"{live_server.url}/admin/filings/")
        reviewer.get_by_role("link", name="2026年度自评").click()
        expect(reviewer.locator("[data-comments]")).to_contain_text("瑶里村民")
        reviewer.get_by_role("button", name="予以备案").click()
        reviewer.locator("form[data-confirm] button[type=submit]").click()
        expect(reviewer.locator("[data-filing-status]")).to_have_attribute(
            "data-filing-status", "filed"
        )
        _screenshot(reviewer, "unit-self-assessment-filed.png")

        # 5. The bureau opens the round of comprehensive evaluations (the
        #    unit's first falls due on 2027-01-20) and assigns an expert.
        reviewer.goto(f"{live_server.url}/admin/evaluation_rounds/new/")
        reviewer.locator("#id_title").fill("2027年全面评估")
        reviewer.get_by_role("button", name="创建").click()
        expect(reviewer.locator("[data-evaluations]")).to_contain_text(unit.name)
        reviewer.get_by_role("link", name=unit.name).click()
        reviewer.locator(f'input[name="scorers"][value="{expert.pk}"]').check()
        reviewer.get_by_role("button", name="保存评分人员").click()

        # 6. The expert scores every indicator.
        experts = browser.new_context(locale="zh-CN")
        scorer = experts.new_page()
        _login(scorer, live_server.url, "evaluation-expert", admin=True)
        scorer.get_by_role("link", name="我的评估打分").click()
        scorer.get_by_role("link", name=unit.name).click()
        for code, value in {
            "plan": "90",
            "management": "85",
            "protection": "88",
            "funding": "80",
            "other": "75",
        }.items():
            scorer.locator(f"#score-{indicators[code]}").fill(value)
        scorer.get_by_role("button", name="提交我的评分").click()
        expect(scorer.locator("[data-my-scores]")).to_be_visible()
        experts.close()

        # 7. The bureau concludes; the report is published on the public site.
        reviewer.reload()
        # 90×20% + 85×20% + 88×30% + 80×20% + 75×10% = 84.90
        expect(reviewer.locator("[data-total]")).to_have_text("84.90")
        reviewer.get_by_label("合格").check()
        reviewer.locator("#conclusion").fill("规划实施总体良好，自评和公众意见处理规范。")
        reviewer.get_by_role("button", name="作出结论并公布评估报告").click()
        # Concluding cannot be undone: its page says what follows.
        expect(reviewer.locator("[data-consequence]")).to_be_visible()
        reviewer.locator("form[data-confirm] button[type=submit]").click()
        expect(reviewer.locator("[data-outcome]").first).to_have_attribute("data-outcome", "normal")
        context.close()

        public = browser.new_context(locale="zh-CN")
        visitor = public.new_page()
        visitor.goto(live_server.url + "/reports/")
        visitor.get_by_role("link", name=re.compile("综合评估报告")).click()
        expect(visitor.locator("[data-total]")).to_have_text("84.90")
        _screenshot(visitor, "unit-evaluation-report.png")
        public.close()
    assert SelfAssessment.objects.get().status == "filed"
