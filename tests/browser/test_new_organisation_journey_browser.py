"""A new organisation's whole way, by clicking alone (tests/browser/journey.py):
from the home page to registration, the emailed activation link, a base
application filled, checked, declared and submitted with its receipt; a
supplement asked for and answered from 我的消息; and — the test moving
time and the bureau's hand, not the applicant's — the publicity's start
and the government's approval, each opened from 我的消息 at the page it
concerns."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "Jdz-journey-2026"
USERNAME = "qingbai-workshop"
EMAIL = "qingbai@example.invalid"
USCC = "91350100M000100Y43"
ORGANISATION = "湘湖青白瓷工坊有限公司"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REQUIRED_SLOTS = ("application_form", "licence", "site_proof", "staff_list")
NARRATIVES = ("authenticity", "inheritors", "safeguarding", "participation", "benefits")
ACTIVATION = re.compile(r"https?://\S+/accounts/verify/\S+/")
MONDAY = datetime.datetime(2026, 12, 7, 9, tzinfo=SHANGHAI)


@pytest.fixture
def site(committed_db, measure_2020):
    from cms.services import site_tree_ensure

    site_tree_ensure()


def _reviewer():
    from applications.roles import Role
    from tests.factories import UserFactory

    return UserFactory(username="journey-reviewer", roles=[Role.MUNICIPAL_REVIEWER])


def _file(name: str) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def _sign_in(journey: Journey) -> None:
    page = journey.page
    journey.click(page.locator("[data-account-nav] a").first, "sign in link")
    journey.fill(re.compile("用户名"), USERNAME).fill(re.compile("^密码"), PASSWORD)
    journey.click(page.locator("main form button[type=submit]"), "sign in")


def _open_message(journey: Journey, subject: str | re.Pattern) -> None:
    page = journey.page
    journey.click(page.locator("[data-account-nav] a.account-nav__messages"), "我的消息")
    journey.click(page.locator(".inbox__subject a").filter(has_text=subject), "open a message")
    journey.click(page.locator("a[data-message-link]"), "the page it concerns")


def test_a_new_organisation_from_registration_to_approval(site, live_server, page, settings):
    from django.core.cache import cache

    from applications.models import Application, Organisation
    from applications.services.claims import organisation_claim_confirm
    from tests.registration import bureau_of

    cache.clear()  # earlier registrations from 127.0.0.1 count against the limit
    # The links in emails and messages are made on the portal's base URL.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    journey = Journey(page, live_server.url, "new-organisation")

    with time_machine.travel(MONDAY, tick=True):
        # 1. From the home page to registration.
        journey.start("/")
        journey.click(page.locator("[data-account-nav] a").last, "register")
        for field, value in (
            ("username", USERNAME),
            ("email", EMAIL),
            ("password1", PASSWORD),
            ("password2", PASSWORD),
            ("uscc", USCC),
            ("organisation_name", ORGANISATION),
            ("address", "浮梁县湘湖镇"),
            ("contact_name", "李师傅"),
            ("contact_phone", "0798-8666666"),
        ):
            page.locator(f"#id_{field}").fill(value)
        page.locator("#id_county").select_option(label="浮梁县")
        page.locator("#id_township").select_option(label="湘湖镇")
        page.locator("#id_licence").set_input_files(_file("营业执照.pdf"))
        page.locator("#id_privacy_consent").check()
        journey.click(page.get_by_role("button", name="注册", exact=True), "register")
        expect(page.locator("[data-registered]")).to_contain_text(EMAIL)

        # 2. The activation link from the email, then sign in.
        journey.open_mailed_link(EMAIL, ACTIVATION)
        journey.fill(re.compile("用户名"), USERNAME).fill(re.compile("^密码"), PASSWORD)
        journey.click(page.locator("main form button[type=submit]"), "sign in")
        expect(page.locator("[data-account-organisation]")).to_have_text(ORGANISATION)
        # The county bureau confirms the organisation from the licence.
        organisation = Organisation.objects.get(uscc=USCC)
        organisation_claim_confirm(organisation=organisation, user=bureau_of())

        # 3. A base application, step by step.
        journey.click(page.get_by_role("link", name="网上申报"), "apply online")
        journey.click(
            page.get_by_role("button", name=f"为{ORGANISATION}新建保护基地申报"), "new application"
        )
        page.locator('input[name="category"][value="transmission"]').check()
        page.locator('[name="projects-0-name"]').fill("青白瓷烧制技艺")
        page.locator('[name="projects-0-level"]').select_option("省级")
        page.locator('[name="projects-0-category"]').fill("传统技艺")
        page.locator('input[name="inheritor_branch"][value="representative"]').check()
        page.locator('[name="inheritors-0-name"]').fill("李师傅")
        page.locator('[name="inheritors-0-level"]').select_option("省级")
        journey.click(page.get_by_role("button", name="保存并继续", exact=True), "step 1")
        page.locator("#id_site_area_m2").fill("1200")
        page.locator("#id_staff_count").fill("32")
        for name in NARRATIVES:
            page.locator(f"#id_{name}").fill("本单位坚持青白瓷烧制核心技艺的传承与保护。")
        journey.click(page.get_by_role("button", name="保存并继续", exact=True), "step 2")
        for slot in (*REQUIRED_SLOTS, "inheritor_certificates"):
            page.locator(f"#id_file-{slot}").set_input_files(_file(f"{slot}.pdf"))
        journey.click(page.get_by_role("button", name="上传", exact=True), "upload")
        journey.click(page.get_by_role("link", name="下一步：检查并提交"), "check")
        expect(page.locator("ul[data-problems]")).to_have_count(0)
        page.locator("[data-declaration-form] input[name=declaration]").check()
        journey.click(page.locator("[data-declaration-form] button[type=submit]"), "declare")
        journey.click(page.locator("button[data-submit-confirmed]"), "confirm")
        expect(page.locator("a[data-receipt]")).to_be_visible()
        expect(page.locator("[data-receipt-materials]")).to_contain_text("营业执照")
        application = Application.objects.get(organisation=organisation)
        assert application.receipt_number

        # 4. The bureau asks for a supplement; the applicant finds it in
        # 我的消息, uploads it and resubmits.
        from applications.services.review import supplement_request

        reviewer = _reviewer()
        application.refresh_from_db()
        # The bureau's own screens are another journey (the reviewers'):
        # here the request is made by its service.
        _to_material_review(application, reviewer)
        supplement_request(
            application=application,
            user=reviewer,
            items=[{"slot": "site_proof", "note": "租赁合同缺少盖章页"}],
            message="请补充加盖公章的租赁合同。",
        )
        journey.click(page.get_by_role("link", name=re.compile("网上申报")), "dashboard")
        _open_message(journey, re.compile("请于.*补正|补正"))
        expect(page.locator("[data-supplement]")).to_contain_text("租赁合同缺少盖章页")
        journey.click(page.get_by_role("link", name="上传补正材料"), "upload the supplement")
        page.locator("#id_file-site_proof").set_input_files(_file("租赁合同（盖章）.pdf"))
        journey.click(page.get_by_role("button", name="上传", exact=True), "upload supplement")
        journey.click(page.get_by_role("link", name="网上申报"), "dashboard again")
        journey.click(page.locator("td a").filter(has_text=ORGANISATION), "the application")
        journey.click(page.get_by_role("button", name="补正后重新提交"), "resubmit")
        application.refresh_from_db()
        assert application.status == "material_review"

        # 5. The bureau finishes its review and publishes the candidate
        # list (its screens are the reviewers' journey).
        candidate_list = _publicise(application, reviewer)
        _open_message(journey, re.compile("公示"))
        expect(page.locator("main")).to_contain_text(ORGANISATION)
        assert "/publicity/" in page.url

    # 6. Weeks later, after the window, the government's approval.
    end = candidate_list.period.end_date
    later = datetime.datetime(end.year, end.month, end.day, 9, tzinfo=SHANGHAI)
    with time_machine.travel(later + datetime.timedelta(days=3), tick=True):
        _approve(candidate_list, application, reviewer)
        journey.click(page.locator(".site-title"), "home")  # the session has expired
        _sign_in(journey)
        _open_message(journey, re.compile("批复"))
        expect(page.locator("main")).to_contain_text(ORGANISATION)
    assert len(journey.steps) > 25


def _to_material_review(application, reviewer) -> None:
    """The bureau starts the material review of the submitted application."""
    from applications.services.transitions import application_transition

    assert application.status == "submitted", application.status
    application_transition(application=application, action="start_review", user=reviewer)


def _publicise(application, reviewer):
    """The bureau's review through to the published list, by its services
    (the reviewers' journey clicks these); the applicant is told."""
    from applications.models import Application
    from applications.services.candidates import candidate_list_create
    from applications.services.publicity import candidate_list_publish
    from applications.workflow import State

    # Field inspection, hearing and expert review are the reviewers' steps.
    Application.objects.filter(pk=application.pk).update(status=State.REVIEWED)
    application.refresh_from_db()
    candidate_list = candidate_list_create(
        user=reviewer,
        title="2026年度保护基地备选名单",
        kind="base",
        decision="局务会议研究确定",
        applications=[application],
    )
    return candidate_list_publish(
        candidate_list=candidate_list,
        user=reviewer,
        title="2026年度保护基地备选名单公示",
        document_number="景文旅字〔2026〕88号",
        body="<p>现将以下保护基地备选名单向社会公示。</p>",
        contact="景德镇市文化广电新闻出版旅游局\n电话：0798-0000000",
    )


def _approve(candidate_list, application, reviewer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from applications.services.publicity import publicity_close
    from evaluations.services.designation import approval_record

    publicity_close(candidate_list_id=candidate_list.pk)
    candidate_list.refresh_from_db()
    approval_record(
        candidate_list=candidate_list,
        user=reviewer,
        document_number="景府字〔2027〕5号",
        approved_on=timezone.localdate(),
        scan=SimpleUploadedFile("批复.pdf", PDF, content_type="application/pdf"),
        applications=[application],
    )
