"""The review of a submitted application in a real browser: the reviewer
asks for a supplement, the applicant uploads it and resubmits, the reviewer
records the field inspection and the hearing of opinions, two experts
declare no conflict and score, and the application joins a candidate list."""

import datetime
import importlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "Jdz-test-2026"
RECEIPT = "JDZ-JD-2025-0001"
ORGANISATION = "瑶里古窑瓷业有限公司"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 30
LIST_TITLE = "2026年第一批保护基地备选名单"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


pytestmark = pytest.mark.browser


def _reference_data_ensure():
    """The data migrations' counties and scoring criteria are gone after an
    earlier transactional test emptied the tables; load them again."""
    from django.apps import apps

    from applications.models import County, ScoringCriterion

    if not County.objects.filter(name="浮梁县").exists():
        migration = importlib.import_module("applications.migrations.0003_load_divisions")
        migration.divisions_load(apps, None)
    if not ScoringCriterion.objects.exists():
        migration = importlib.import_module("applications.migrations.0010_seed_scoring_criteria")
        migration.criteria_seed(apps, None)
    return County.objects.get(name="浮梁县")


def _submitted_application(county):
    from applications.roles import Role

    applicant = UserFactory(
        username="yaoli-applicant", roles=[Role.APPLICANT], email="yaoli@example.invalid"
    )
    organisation = OrganisationFactory(
        name=ORGANISATION,
        county=county,
        address="浮梁县瑶里镇",
        contact_name="陈师傅",
        contact_phone="0798-8888888",
        contact_email="yaoli@example.invalid",
    )
    organisation.members.add(applicant)
    application = ApplicationFactory(
        submitted=True,
        category="production",
        organisation=organisation,
        created_by=applicant,
        receipt_number=RECEIPT,
        site_area_m2=1200,
        staff_count=35,
    )
    return applicant, application


def _screenshot(page, name: str, *, admin: bool = False) -> Path:
    """A full-page screenshot. The Wagtail admin scrolls its main panel, not
    the document, so for it the window is made as tall as the content
    first (and restored after)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    path.unlink(missing_ok=True)
    viewport = page.viewport_size
    if admin:
        page.wait_for_load_state("networkidle")
        height = page.evaluate(
            """() => Math.max(
                document.documentElement.scrollHeight,
                ...Array.from(document.querySelectorAll('body, main, #main, .content-wrapper'))
                    .map(element => element.scrollHeight))"""
        )
        page.set_viewport_size({"width": viewport["width"], "height": max(height + 40, 720)})
    page.screenshot(path=str(path), full_page=True)
    if admin:
        page.set_viewport_size(viewport)
    assert path.is_file()
    assert path.stat().st_size > 0
    return path


def _new_page(browser):
    """A page in a context of its own: its own cookies, its own session."""
    return browser.new_context(locale="zh-CN").new_page()


def _admin_login(page, base_url: str, username: str):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def _status(page):
    return page.locator("dd[data-status]")


def _action(page, action: str, label: str | None = None, *, confirm: bool = False):
    """Clicks the button of one transition form of the review page (and,
    for what cannot be undone, the confirmation page's); the page comes
    back without an error message."""
    form = page.locator(f'form[data-action="{action}"]')
    if label:
        button = form.get_by_role("button", name=label, exact=True)
    else:
        button = form.locator("button[type=submit]")
    with page.expect_navigation():
        button.click()
    if confirm:
        expect(page.locator("[data-consequence]")).to_be_visible()
        with page.expect_navigation():
            page.locator("form[data-confirm] button[type=submit]").click()
    expect(page.locator(".messages .error")).to_have_count(0)


# committed_db: the live server's thread must see the users and the application.
def test_supplement_inspection_hearing_experts_and_candidate_list(
    committed_db, live_server, browser, page
):
    from applications.models import Application, CandidateList, ExpertAssignment
    from applications.roles import Role
    from applications.selectors import criteria_for
    from applications.workflow import State

    county = _reference_data_ensure()
    applicant, application = _submitted_application(county)
    UserFactory(username="review-officer", roles=[Role.MUNICIPAL_REVIEWER])
    experts = [
        UserFactory(username="expert-wang", roles=[Role.EXPERT]),
        UserFactory(username="expert-li", roles=[Role.EXPERT]),
    ]
    criteria_count = len(criteria_for(application))
    assert criteria_count > 0
    review_url = f"{live_server.url}/admin/applications_review/inspect/{application.pk}/"

    # 1. The reviewer finds the application in the queue and opens it.
    reviewer = page
    _admin_login(reviewer, live_server.url, "review-officer")
    reviewer.goto(live_server.url + "/admin/applications_review/")
    expect(reviewer.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(reviewer.get_by_text(RECEIPT, exact=True)).to_be_visible()
    reviewer.goto(review_url)
    expect(_status(reviewer)).to_have_text("已提交，待材料审核")

    # 2. Material review, then a supplement request for the site proof.
    _action(reviewer, "start_review", "开始材料审核")
    expect(_status(reviewer)).to_have_attribute("data-status", State.MATERIAL_REVIEW)
    request_form = reviewer.locator('form[data-action="request_supplement"]')
    request_form.locator('input[name="slots"][value="site_proof"]').check()
    request_form.locator("textarea[name=reason]").fill("请补充场地租赁合同的盖章页。")
    request_form.get_by_role("button", name="要求补正", exact=True).click()
    expect(_status(reviewer)).to_have_text("待补正")
    expect(_status(reviewer)).to_have_attribute("data-status", State.SUPPLEMENT_REQUESTED)
    expect(reviewer.locator("#review-supplements")).to_be_visible()
    expect(reviewer.get_by_text("请补充场地租赁合同的盖章页。").first).to_be_visible()
    _screenshot(reviewer, "review-supplement.png", admin=True)

    # 3. The applicant, in a browser of its own, sees the request, uploads
    #    the supplement and resubmits.
    owner = _new_page(browser)
    try:
        owner.goto(live_server.url + "/accounts/login/")
        owner.locator("#id_username").fill(applicant.username)
        owner.locator("#id_password").fill(PASSWORD)
        owner.locator("main form button[type=submit]").click()  # not the header search
        expect(owner).not_to_have_url(re.compile(r"/accounts/login/"))
        owner.goto(f"{live_server.url}/apply/{application.pk}/review/")
        notice = owner.locator("[data-supplement]")
        expect(notice).to_contain_text("请补充场地租赁合同的盖章页。")
        expect(notice).to_contain_text("场地证明")

        owner.goto(f"{live_server.url}/apply/{application.pk}/materials/")
        owner.locator("#id_file-site_proof").set_input_files(
            {"name": "租赁合同盖章页.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        owner.get_by_role("button", name="上传", exact=True).click()
        expect(owner.locator('tr[data-slot="site_proof"]')).to_contain_text("租赁合同盖章页.pdf")
        expect(owner.locator(".field__errors")).to_have_count(0)

        owner.goto(f"{live_server.url}/apply/{application.pk}/review/")
        owner.get_by_role("button", name="补正后重新提交", exact=True).click()
        expect(owner).to_have_url(re.compile(rf"/apply/{application.pk}/review/$"))
        expect(owner.locator("[data-supplement]")).to_have_count(0)
    finally:
        owner.context.close()

    # 4. Back in material review: accept, record the inspection (with a
    #    photograph) and the hearing, then assign two experts.
    reviewer.reload()
    expect(_status(reviewer)).to_have_text("材料审核")
    expect(reviewer.locator("#file-materials").locator("xpath=..")).to_contain_text(
        "租赁合同盖章页.pdf"
    )
    _action(reviewer, "accept_materials", "材料审核通过", confirm=True)
    expect(_status(reviewer)).to_have_attribute("data-status", State.FIELD_INSPECTION)

    inspection = reviewer.locator('form[data-action="inspection_record"]')
    inspection.locator("input[name=date]").fill("2026-11-20")
    inspection.locator("input[name=inspectors]").fill("王科长、李干事")
    inspection.locator("textarea[name=findings]").fill("窑房、坯房与申报材料一致。")
    inspection.locator("input[name=photos]").set_input_files(
        {"name": "窑址.png", "mimeType": "image/png", "buffer": PNG}
    )
    inspection.locator("button[type=submit]").click()
    expect(reviewer.locator(".messages")).to_contain_text("已记录。")
    records = reviewer.locator("#review-records").locator("xpath=..")
    expect(records).to_contain_text("窑房、坯房与申报材料一致。")
    _action(reviewer, "record_inspection", confirm=True)
    expect(_status(reviewer)).to_have_attribute("data-status", State.HEARING)

    hearing = reviewer.locator('form[data-action="hearing_record"]')
    hearing.locator("input[name=date]").fill("2026-11-24")
    hearing.locator("input[name=heard]").fill("村民代表、代表性传承人")
    hearing.locator("textarea[name=summary]").fill("普遍支持建设保护基地。")
    hearing.locator("button[type=submit]").click()
    expect(records).to_contain_text("普遍支持建设保护基地。")
    _action(reviewer, "record_hearing", confirm=True)
    expect(_status(reviewer)).to_have_text("论证评审")

    for expert in experts:
        assign = reviewer.locator('form[data-action="expert_assign"]')
        assign.locator("select[name=expert]").select_option(str(expert.pk))
        assign.get_by_role("button", name="指派", exact=True).click()
        expect(reviewer.locator(".messages")).to_contain_text("已记录。")
    panel = reviewer.locator("table[data-panel]")
    expect(panel.locator("tbody tr")).to_have_count(2)
    expect(reviewer.locator('form[data-action="expert_assign"]')).to_have_count(0)

    # 5. Each expert declares no conflict, then scores.
    for expert, score in zip(experts, ("8", "7"), strict=True):
        assessor = _new_page(browser)
        try:
            _admin_login(assessor, live_server.url, expert.username)
            assessor.get_by_role("link", name="我的评审任务").first.click()
            expect(assessor).to_have_url(re.compile(r"/admin/my-reviews/$"))
            row = assessor.locator("table.listing tbody tr", has_text=RECEIPT)
            expect(row).to_contain_text("待声明")
            row.get_by_role("link").click()
            expect(assessor).to_have_url(re.compile(r"/admin/my-reviews/\d+/$"))
            expect(assessor.locator("form[data-scores]")).to_have_count(0)
            assessor.get_by_role("button", name="我与申报单位无利益冲突", exact=True).click()

            scores = assessor.locator("form[data-scores]")
            expect(scores).to_be_visible()
            expect(assessor.get_by_role("link", name="租赁合同盖章页.pdf")).to_be_visible()
            inputs = scores.locator("input[type=number]")
            expect(inputs).to_have_count(criteria_count)
            for index in range(criteria_count):
                inputs.nth(index).fill(score)
            scores.locator("textarea[name=opinion]").fill(
                f"{expert.username}：核心技艺传承有序，同意列入。"
            )
            if score == "8":
                _screenshot(assessor, "review-expert.png", admin=True)
            scores.get_by_role("button", name="提交评分和意见", exact=True).click()
            expect(assessor.locator("form[data-scores]")).to_have_count(0)
            expect(assessor.locator(".messages")).to_contain_text("已保存。")
        finally:
            assessor.context.close()
    assert (
        ExpertAssignment.objects.filter(application=application, submitted_at__isnull=False).count()
        == 2
    )

    # 6. The panel's totals; the review closes and the application joins a
    #    candidate list.
    reviewer.reload()
    expect(panel.locator("tbody tr")).to_have_count(2)
    expect(panel).to_contain_text("80.0")
    expect(panel).to_contain_text("70.0")
    expect(panel).to_contain_text("expert-li：核心技艺传承有序，同意列入。")
    _action(reviewer, "close_expert_review", "结束论证评审", confirm=True)
    expect(_status(reviewer)).to_have_attribute("data-status", State.REVIEWED)

    reviewer.goto(live_server.url + "/admin/candidate_lists/new/")
    reviewer.locator("#id_title").fill(LIST_TITLE)
    reviewer.locator("#id_kind").select_option("base")
    expect(reviewer.locator("#id_kind option:checked")).to_have_text("保护基地")
    reviewer.locator("#id_decision").fill("2026年11月27日局务会议研究确定")
    reviewer.locator(f'input[name="applications"][value="{application.pk}"]').check()
    save = reviewer.locator("form#w-editor-form footer .actions--primary button[type=submit]")
    with reviewer.expect_navigation():
        save.first.click()
    expect(reviewer).to_have_url(re.compile(r"/admin/candidate_lists/(\?.*)?$"))
    expect(reviewer.locator(".messages .success")).to_contain_text(LIST_TITLE)
    listed = reviewer.locator("table.listing a", has_text=LIST_TITLE)
    expect(listed).to_be_visible()

    application.refresh_from_db()
    assert application.status == State.CANDIDATE
    candidates = CandidateList.objects.get()
    assert list(candidates.applications.all()) == [application]
    assert Application.objects.get(pk=application.pk).status == "candidate"

    _screenshot(reviewer, "review-candidate-list.png", admin=True)
    listed.click()
    expect(reviewer).to_have_url(re.compile(rf"/admin/candidate_lists/inspect/{candidates.pk}/$"))
    expect(reviewer.locator("main")).to_contain_text(ORGANISATION)
    _screenshot(reviewer, "review-candidate-list-inspect.png", admin=True)
    reviewer.goto(review_url)
    expect(_status(reviewer)).to_have_attribute("data-status", State.CANDIDATE)
    expect(_status(reviewer)).to_have_text("列入备选名单")
