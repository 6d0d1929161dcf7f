"""The publicity page, the objection form, the follow-up page and a unit's
page pass axe-core in Chromium, and an objection can be made with the
keyboard alone."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.factories import ApplicationFactory, OrganisationFactory, UnitFactory, UserFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MONDAY = datetime.datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI)

pytestmark = pytest.mark.browser


def _publicised():
    from applications.models import CandidateList
    from applications.roles import Role
    from applications.services.publicity import candidate_list_publish
    from applications.workflow import State
    from cms.services import site_tree_ensure

    site_tree_ensure()
    reviewer = UserFactory(username="a11y-officer", roles=[Role.MUNICIPAL_REVIEWER])
    application = ApplicationFactory(
        category="transmission",
        organisation=OrganisationFactory(),
        created_by=reviewer,
        status=State.CANDIDATE,
        number=101,
        year=2026,
        with_craft=True,
    )
    candidates = CandidateList.objects.create(
        title="无障碍检查备选名单", kind="base", decision="局务会议", created_by=reviewer
    )
    candidates.applications.set([application])
    candidate_list_publish(
        candidate_list=candidates,
        user=reviewer,
        title="无障碍检查备选名单公示",
        document_number="景文旅字〔2026〕101号",
        body="<p>现将备选名单予以公示。</p>",
        contact="景德镇市文化广电新闻出版旅游局\n电话：0798-8888888",
    )
    candidates.refresh_from_db()
    return candidates.publicity_page


def test_publicity_objection_follow_and_unit_pages_pass_axe(committed_db, live_server, page):
    with time_machine.travel(MONDAY, tick=True):
        publicity = _publicised()
        UnitFactory(code="2026-JD-101", name="瑶里传承基地（传承基地）", category="transmission")
        base = live_server.url + publicity.url
        for url in (
            base,
            base + "objection/",
            base + "follow/",
            live_server.url + "/directory/",
            live_server.url + "/directory/2026-JD-101/",
            live_server.url + "/en" + publicity.url + "objection/",
        ):
            page.goto(url)
            expect(page.locator("main h1")).to_be_visible()
            violations = axe_violations(page)
            assert not violations, f"{url}: {violations!r}"


def test_an_objection_by_keyboard_alone(committed_db, live_server, page):
    from applications.models import Objection

    with time_machine.travel(MONDAY, tick=True):
        publicity = _publicised()
        page.goto(live_server.url + publicity.url + "objection/")
        # The skip link first, then straight into the form.
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        # Past the link back to the notice, into the form's first field.
        for _ in range(5):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "id_candidate":
                break
            assert page.evaluate("document.activeElement.tagName") == "A"
        assert page.evaluate("document.activeElement.id") == "id_candidate"
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
        page.keyboard.type("钱七")
        page.keyboard.press("Tab")
        page.keyboard.type("13700000007")
        page.keyboard.press("Tab")  # email: left empty
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "id_grounds"
        page.keyboard.type("该单位的传承谱系材料与事实不符，请核查。")
        page.keyboard.press("Tab")  # the attachments: none
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "({tag: document.activeElement.tagName, text: document.activeElement.textContent})"
        )
        assert focused == {"tag": "BUTTON", "text": "提交异议"}, focused
        page.wait_for_timeout(3200)  # a person takes a few seconds (spam guard)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/follow/(#main)?$"))
        code = page.locator("[data-receipt-code]").inner_text().strip()
    objection = Objection.objects.get()
    assert objection.receipt_code == code and objection.objector_name == "钱七"
