"""The comprehensive evaluation and delisting in a real browser (第三十六条,
第三十八条): the bureau opens a round and assigns an expert, the expert
scores, the bureau concludes with an order to rectify, the public reads the
report; the deadline passes without a report, the bureau finds the unit not
rectified, and the directory shows it delisted with its history."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.test_publicity_browser import (
    PASSWORD,
    _context,
    _pdf_first_page_png,
    _reference_data_ensure,
    _screenshot,
)
from tests.factories import UnitFactory, UserFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
OPENED = datetime.datetime(2027, 3, 1, 9, 30, tzinfo=SHANGHAI)
AFTER_DEADLINE = datetime.datetime(2027, 7, 1, 10, 0, tzinfo=SHANGHAI)
UNIT_NAME = "瑶里古窑瓷业有限公司（生产性保护示范基地）"
SCORES = {"plan": "80", "management": "90", "protection": "85", "funding": "70", "other": "60"}

pytestmark = pytest.mark.browser


def _admin_screenshot(page, name: str) -> None:
    """A screenshot of a whole admin page: the admin scrolls inside its own
    panel, so the viewport is made as tall as the panel's content."""
    viewport = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('main, .content-wrapper, body')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(max(height, 720), 6000)})
    _screenshot(page, name)
    page.set_viewport_size(viewport)


def _login(page, base_url: str, username: str):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_round_score_conclude_report_and_delisting(committed_db, live_server, browser):
    from applications.roles import Role
    from cms.services import site_tree_ensure
    from evaluations.models import Evaluation, Indicator, Obligation, RectificationOrder

    _reference_data_ensure()
    site_tree_ensure()
    UserFactory(username="evaluation-officer", roles=[Role.MUNICIPAL_REVIEWER])
    expert = UserFactory(username="evaluation-expert", roles=[Role.EXPERT])
    unit = UnitFactory(
        code="2024-JD-001", name=UNIT_NAME, established_on=datetime.date(2024, 3, 15)
    )
    Obligation.objects.create(
        unit=unit, kind="evaluation", period=1, due_date=datetime.date(2027, 3, 15)
    )
    ids = dict(Indicator.objects.values_list("code", "pk"))

    with time_machine.travel(OPENED, tick=True):
        # 1. The bureau opens a round and assigns the expert.
        bureau = _context(browser)
        reviewer = bureau.new_page()
        _login(reviewer, live_server.url, "evaluation-officer")
        reviewer.goto(f"{live_server.url}/admin/evaluation_rounds/new/")
        expect(reviewer.locator("#id_opened_on")).to_have_value("2027-03-01")
        reviewer.locator("#id_title").fill("2027年全面评估")
        reviewer.get_by_role("button", name="创建").click()
        expect(reviewer.locator("[data-evaluations]")).to_contain_text(UNIT_NAME)
        _admin_screenshot(reviewer, "evaluation-round.png")
        reviewer.get_by_role("link", name=UNIT_NAME).click()
        reviewer.locator(f'input[name="scorers"][value="{expert.pk}"]').check()
        reviewer.get_by_role("button", name="保存评分人员").click()
        expect(reviewer.locator("[data-scorers]")).to_contain_text("尚未评分")

        # 2. The expert scores from the menu.
        experts = _context(browser)
        scorer = experts.new_page()
        _login(scorer, live_server.url, "evaluation-expert")
        scorer.get_by_role("link", name="我的评估打分").click()
        scorer.get_by_role("link", name=UNIT_NAME).click()
        for code, value in SCORES.items():
            scorer.locator(f"#score-{ids[code]}").fill(value)
        scorer.locator(f"#comment-{ids['protection']}").fill("整体性保护措施较为有力。")
        _admin_screenshot(scorer, "evaluation-scoring.png")
        scorer.get_by_role("button", name="提交我的评分").click()
        expect(scorer.locator("[data-my-scores]")).to_contain_text("整体性保护措施较为有力。")
        experts.close()

        # 3. The bureau concludes: rectification by 2027-06-30.
        reviewer.reload()
        expect(reviewer.locator("[data-total]")).to_have_text("79.50")
        reviewer.get_by_label("限期整改").check()
        reviewer.locator("#conclusion").fill("资金使用绩效有待提高，展示场所存在消防隐患。")
        reviewer.locator("#items").fill("完善资金管理制度\n整改展示场所消防隐患")
        reviewer.locator("#deadline").fill("2027-06-30")
        reviewer.get_by_role("button", name="作出结论并公布评估报告").click()
        # Concluding cannot be undone: its page says what follows.
        expect(reviewer.locator("[data-consequence]")).to_be_visible()
        reviewer.locator("form[data-confirm] button[type=submit]").click()
        expect(reviewer.locator("[data-outcome]").first).to_have_attribute(
            "data-outcome", "rectification"
        )
        _admin_screenshot(reviewer, "evaluation-concluded.png")
        bureau.close()

        # 4. The public reads the report.
        evaluation = Evaluation.objects.get()
        public = _context(browser)
        visitor = public.new_page()
        visitor.goto(live_server.url + "/reports/")
        visitor.get_by_role("link", name=re.compile("综合评估报告")).click()
        expect(visitor.locator("[data-total]")).to_have_text("79.50")
        expect(visitor.locator("dd[data-outcome]")).to_have_text("限期整改")
        _screenshot(visitor, "evaluation-report-page.png")
    _pdf_first_page_png(evaluation.report_pdf.read(), "evaluation-report-pdf")

    with time_machine.travel(AFTER_DEADLINE, tick=True):
        # 5. No report by the deadline: the bureau delists.
        order = RectificationOrder.objects.get()
        bureau = _context(browser)
        reviewer = bureau.new_page()
        _login(reviewer, live_server.url, "evaluation-officer")
        reviewer.goto(f"{live_server.url}/admin/rectification_orders/inspect/{order.pk}/")
        expect(reviewer.locator("[data-deadline]")).to_contain_text("已届满")
        reviewer.locator("#reason").fill("逾期未报送整改报告，整改不到位。")
        reviewer.get_by_role("button", name="整改不到位：予以摘牌").click()
        # Delisting cannot be undone: the bureau confirms it on its own page.
        expect(reviewer.locator("[data-consequence]")).to_be_visible()
        reviewer.locator("form[data-confirm] button[type=submit]").click()
        expect(reviewer.locator("dd[data-order-status]")).to_have_attribute(
            "data-order-status", "delisted"
        )
        _admin_screenshot(reviewer, "rectification-delisted.png")
        bureau.close()

        # 6. The directory shows the unit delisted, its history kept.
        visitor.goto(f"{live_server.url}/directory/2024-JD-001/")
        expect(visitor.locator("[data-unit-status]")).to_have_text("已摘牌")
        expect(visitor.locator("[data-delisted]")).to_contain_text("2027年7月1日")
        history = visitor.locator("[data-history]")
        expect(history).to_contain_text("综合评估报告")
        expect(history).to_contain_text("摘牌（管理办法第三十八条）")
        _screenshot(visitor, "directory-delisted.png")
        history.get_by_role("link", name="摘牌（管理办法第三十八条）").click()
        expect(visitor.locator("h1")).to_have_text(f"关于对{UNIT_NAME}予以摘牌的公告")
        public.close()
