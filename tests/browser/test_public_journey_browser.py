"""The public's journey by clicking alone (issue 15), from the home page:
(a) to a notice under publicity, an objection and its follow-up page;
(b) through the directory to a unit and its certificate's verification
page. The pages it passes fit a 390 px phone without sideways scrolling.

The clock is set (time-machine; the live server's thread follows it) to
the Monday the list is published, so its window is open."""

import datetime
import importlib
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.journey import Journey
from tests.factories import ApplicationFactory, OrganisationFactory, UnitFactory, UserFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MONDAY = datetime.datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI)
NOTICE_TITLE = "2026年第二批保护基地备选名单公示"
PHONE_WIDTH = 390

pytestmark = pytest.mark.browser


def _publicity_seed():
    """Publishes a list of two base candidates on MONDAY (the clock must be
    there) through the service the bureau's screen calls."""
    from django.apps import apps

    from applications.models import CandidateList, County
    from applications.roles import Role
    from applications.services.publicity import candidate_list_publish
    from applications.workflow import State

    if not County.objects.filter(name="浮梁县").exists():
        migration = importlib.import_module("applications.migrations.0003_load_divisions")
        migration.divisions_load(apps, None)
    reviewer = UserFactory(username="publicity-officer", roles=[Role.MUNICIPAL_REVIEWER])
    applications = []
    for n, (uscc, name) in enumerate(
        [
            ("91350100M000100Y43", "瑶里古窑瓷业有限公司"),
            ("91360222MA35XXXX0X", "湖田青白瓷研究所"),
        ],
        start=1,
    ):
        organisation = OrganisationFactory(uscc=uscc, name=name)
        applications.append(
            ApplicationFactory(
                category="production",
                organisation=organisation,
                created_by=reviewer,
                status=State.CANDIDATE,
                number=n,
                year=2026,
                with_craft=True,
            )
        )
    candidates = CandidateList.objects.create(
        title="2026年第二批保护基地备选名单",
        kind="base",
        decision="局务会议研究确定",
        created_by=reviewer,
    )
    candidates.applications.set(applications)
    candidate_list_publish(
        candidate_list=candidates,
        user=reviewer,
        title=NOTICE_TITLE,
        document_number="景文旅字〔2026〕99号",
        body="<p>现将备选名单予以公示。</p>",
        contact="景德镇市文化广电新闻出版旅游局非遗科\n电话：0798-8888888",
        published_on=MONDAY.date(),
    )


def _fits_phone(page) -> None:
    """Asserts that nothing on the page overflows a 390 px wide viewport."""
    viewport = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE_WIDTH, f"{page.url} is {width}px wide at {PHONE_WIDTH}px"
    finally:
        page.set_viewport_size(viewport)


@pytest.fixture
def site(transactional_db, committed_db):
    from cms.services import site_tree_ensure

    site_tree_ensure()


def test_the_public_objects_and_verifies_a_certificate_by_clicking(site, live_server, page):
    with time_machine.travel(MONDAY, tick=True):
        _publicity_seed()
        unit = UnitFactory(
            code="2024-JD-003",
            name="瑶里传承基地",
            category="transmission",
            established_on=datetime.date(2024, 12, 20),
        )
        journey = Journey(page, live_server.url, "public")
        journey.start("/")

        # (a) The home page lists the notice under publicity.
        journey.click_link(NOTICE_TITLE)
        expect(page.locator("h1")).to_have_text(NOTICE_TITLE)
        expect(page.locator("[data-candidates]")).to_contain_text("湖田青白瓷研究所")
        _fits_phone(page)
        journey.click_link("提出异议")
        page.get_by_label("异议对象").select_option(label="湖田青白瓷研究所（生产性保护示范基地）")
        journey.fill("真实姓名或单位名称", "赵六")
        journey.fill("电话", "13600000000", exact=True)
        journey.fill("异议理由", "该研究所的非遗项目传承谱系与事实不符，请核查。")
        page.wait_for_timeout(3200)  # a person takes a few seconds (spam guard)
        journey.click_button("提交异议")
        expect(page).to_have_url(re.compile(r"/publicity/.+/follow/$"))
        code = page.locator("[data-receipt-code]").inner_text().strip()
        assert re.fullmatch(r"YY[2-9A-HJ-NP-Z]{10}", code)
        expect(page.locator("[data-objection-status]")).to_have_attribute(
            "data-objection-status", "received"
        )
        expect(page.locator("main")).not_to_contain_text("赵六")
        expect(page.locator("main")).not_to_contain_text("13600000000")

        # (b) The directory, in the main menu; a unit; its verification.
        journey.click(page.locator(".main-nav").get_by_role("link", name="保护区和保护基地名录"))
        journey.click_link("瑶里传承基地")
        expect(page.locator("h1")).to_have_text("瑶里传承基地")
        journey.click(page.locator("[data-verify-link]"), "verification link")
        expect(page).to_have_url(re.compile(rf"/verify/{unit.verification_code}/$"))
        expect(page.locator("[data-verify-result]")).to_have_attribute(
            "data-verify-result", "valid"
        )
        expect(page.locator("[data-verify-name]")).to_have_text("瑶里传承基地")
        expect(page.locator("[data-verify-code]")).to_have_text("2024-JD-003")
        expect(page.locator("[data-verify-established]")).to_have_text("2024年12月20日")
        expect(page.locator("[data-verify-status]")).to_have_attribute(
            "data-verify-status", "designated_base"
        )
        expect(page.locator("main")).not_to_contain_text(unit.organisation.contact_phone)
        _fits_phone(page)


def test_the_search_results_page_fits_a_phone_with_the_header_search_style(site, live_server, page):
    journey = Journey(page, live_server.url, "public-search")
    journey.start("/")
    journey.fill("搜索", "陶瓷", exact=True)
    journey.click(page.locator(".site-search__button"), "search")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    _fits_phone(page)
    form = page.locator("form.search-form")
    box, button = (
        form.locator(".search-form__input").bounding_box(),
        form.locator(".search-form__button").bounding_box(),
    )
    # One joined control, as in the header: the box and the button side by side.
    assert abs(box["y"] - button["y"]) < 2 and abs(box["height"] - button["height"]) < 2
    assert abs(box["x"] + box["width"] - button["x"]) < 2
    colour = form.locator(".search-form__button").evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    assert colour == "rgb(163, 18, 27)"  # --red
