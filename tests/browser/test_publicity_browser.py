"""Publicity in a real browser (第十二条): the bureau publishes a candidate
list, a member of the public objects and gets a receipt code, the bureau
dismisses the objection with a reason, the window closes, the approval is
recorded and the unit appears in the public directory.

The clock is set (time-machine, in this process: the live server's thread
follows it) to a Monday so that the window is open at once, then past the
window's end for the closing and the approval."""

import datetime
import importlib
import re
import subprocess
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "Jdz-test-2026"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
MONDAY = datetime.datetime(2026, 11, 30, 9, 30, tzinfo=SHANGHAI)
# 20 working days from Monday 2026-11-30: 11/30, 12/1-4, 7-11, 14-18, 21-25.
LAST_DAY = datetime.date(2026, 12, 25)
AFTER = datetime.datetime(2026, 12, 28, 10, 0, tzinfo=SHANGHAI)
LIST_TITLE = "2026年第二批保护基地备选名单"
SCAN = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = pytest.mark.browser


def _reference_data_ensure():
    from django.apps import apps

    from applications.models import County

    if not County.objects.filter(name="浮梁县").exists():
        migration = importlib.import_module("applications.migrations.0003_load_divisions")
        migration.divisions_load(apps, None)


def _candidates():
    from applications.models import CandidateList
    from applications.roles import Role
    from applications.workflow import State

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
        organisation.members.add(UserFactory(username=f"member-{n}", roles=[Role.APPLICANT]))
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
        title=LIST_TITLE, kind="base", decision="局务会议研究确定", created_by=reviewer
    )
    candidates.applications.set(applications)
    return candidates, applications


def _screenshot(page, name: str, *, admin: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    path.unlink(missing_ok=True)
    viewport = page.viewport_size
    if admin:
        height = page.evaluate("() => document.documentElement.scrollHeight")
        page.set_viewport_size({"width": viewport["width"], "height": max(height + 40, 720)})
    page.screenshot(path=str(path), full_page=True)
    if admin:
        page.set_viewport_size(viewport)
    assert path.stat().st_size > 0
    return path


def _pdf_first_page_png(data: bytes, name: str) -> Path:
    """Renders the first page of a PDF to PNG with poppler's pdftoppm."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = SCREENSHOTS / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(SCREENSHOTS / name),
        ],
        check=True,
    )
    png = SCREENSHOTS / f"{name}.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    return png


def _context(browser):
    return browser.new_context(locale="zh-CN")


def _admin_login(page, base_url: str):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill("publicity-officer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_publish_object_dismiss_close_approve_directory(committed_db, live_server, browser):
    from applications.models import CandidateList, Objection
    from applications.tasks import publicity_close_due
    from cms.services import site_tree_ensure
    from evaluations.models import ProtectedUnit

    _reference_data_ensure()
    site_tree_ensure()
    candidates, applications = _candidates()
    inspect_url = f"{live_server.url}/admin/candidate_lists/inspect/{candidates.pk}/"

    with time_machine.travel(MONDAY, tick=True):
        # 1. The bureau publishes the list from its page in the admin.
        bureau = _context(browser)
        reviewer = bureau.new_page()
        _admin_login(reviewer, live_server.url)
        reviewer.goto(inspect_url)
        reviewer.get_by_role("link", name="发布公示").click()
        expect(reviewer.locator("#id_published_on")).to_have_value("2026-11-30")
        reviewer.locator("#id_document_number").fill("景文旅字〔2026〕99号")
        reviewer.locator("main form button[type=submit]").click()
        # Publishing cannot be undone: the confirmation page says so.
        expect(reviewer.locator("[data-consequence]")).to_be_visible()
        reviewer.locator("form[data-confirm] button[type=submit]").click()
        expect(reviewer).to_have_url(
            re.compile(rf"/admin/candidate_lists/inspect/{candidates.pk}/")
        )
        expect(reviewer.locator("[data-window]")).to_contain_text("2026-11-30 – 2026-12-25")
        expect(reviewer.locator("[data-publicity-state]")).to_have_attribute(
            "data-publicity-state", "open"
        )
        _screenshot(reviewer, "publicity-admin-published.png", admin=True)
        candidates.refresh_from_db()
        page_url = live_server.url + candidates.page.url

        # 2. A member of the public reads the notice and objects.
        public = _context(browser)
        visitor = public.new_page()
        visitor.goto(page_url)
        expect(visitor.locator("h1")).to_have_text(f"{LIST_TITLE}公示")
        expect(visitor.locator("[data-candidates]")).to_contain_text("湖田青白瓷研究所")
        expect(visitor.locator("[data-window]")).to_contain_text("2026年12月25日")
        expect(visitor.locator("[data-publicity-state]").first).to_contain_text("剩余 20 个工作日")
        _screenshot(visitor, "publicity-page.png")
        visitor.get_by_role("link", name="提出异议").click()
        visitor.get_by_label("异议对象").select_option(
            label="湖田青白瓷研究所（生产性保护示范基地）"
        )
        visitor.get_by_label("真实姓名或单位名称").fill("赵六")
        visitor.get_by_label("电话", exact=True).fill("13600000000")
        visitor.get_by_label("异议理由").fill("该研究所的非遗项目传承谱系与事实不符，请核查。")
        visitor.get_by_label("附件（可选）").set_input_files(
            {"name": "谱系说明.pdf", "mimeType": "application/pdf", "buffer": SCAN}
        )
        _screenshot(visitor, "publicity-objection-form.png")
        visitor.wait_for_timeout(3200)  # a person takes a few seconds (spam guard)
        visitor.get_by_role("button", name="提交异议").click()
        expect(visitor).to_have_url(re.compile(r"/follow/$"))
        code = visitor.locator("[data-receipt-code]").inner_text().strip()
        assert re.fullmatch(r"YY[2-9A-HJ-NP-Z]{10}", code)
        expect(visitor.locator("[data-objection-status]")).to_have_attribute(
            "data-objection-status", "received"
        )
        expect(visitor.locator("main")).not_to_contain_text("赵六")
        expect(visitor.locator("main")).not_to_contain_text("13600000000")
        _screenshot(visitor, "publicity-objection-receipt.png")

        # 3. The bureau examines and dismisses it with a written reason.
        objection = Objection.objects.get(receipt_code=code)
        reviewer.goto(f"{live_server.url}/admin/objections/")
        expect(reviewer.get_by_text(code)).to_be_visible()
        reviewer.goto(f"{live_server.url}/admin/objections/inspect/{objection.pk}/")
        expect(reviewer.locator("#objector + dl")).to_contain_text("赵六")
        reviewer.get_by_role("button", name="开始核查").click()
        expect(reviewer.locator("dd[data-objection-status]")).to_have_attribute(
            "data-objection-status", "examining"
        )
        reviewer.locator("#reason").fill("经实地核查，传承谱系有档案佐证，异议不成立。")
        reviewer.get_by_role("button", name="异议不成立", exact=True).click()
        expect(reviewer.locator("[data-consequence]")).to_be_visible()
        reviewer.locator("form[data-confirm] button[type=submit]").click()
        expect(reviewer.locator("dd[data-objection-status]")).to_have_attribute(
            "data-objection-status", "dismissed"
        )
        _screenshot(reviewer, "publicity-objection-dismissed.png", admin=True)

        # The objector follows it by code and sees the reason.
        visitor.goto(page_url + "follow/")
        visitor.get_by_label("回执码").fill(code)
        visitor.get_by_role("button", name="查询").click()
        expect(visitor.locator("[data-objection]")).to_contain_text("异议不成立")
        expect(visitor.locator("[data-objection]")).to_contain_text("传承谱系有档案佐证")
        bureau.close()

    # The notice PDF was rendered by the Celery task queued at publication.
    candidates.refresh_from_db()
    _pdf_first_page_png(candidates.notice_pdf.read(), "publicity-notice-pdf")

    with time_machine.travel(AFTER, tick=True):
        # 4. Beat's task closes the window (once); late objections are refused.
        publicity_close_due.delay()
        publicity_close_due.delay()
        candidates.refresh_from_db()
        assert candidates.period.closed_at is not None and candidates.objections_at_close == 1
        visitor.goto(page_url)
        expect(visitor.locator("[data-publicity-state]").first).to_have_attribute(
            "data-publicity-state", "closed"
        )
        expect(visitor.get_by_role("link", name="提出异议")).to_have_count(0)
        visitor.goto(page_url + "objection/")
        expect(visitor.locator("main")).to_contain_text("公示期已结束")

        # 5. The bureau records the municipal government's approval.
        bureau = _context(browser)
        reviewer = bureau.new_page()
        _admin_login(reviewer, live_server.url)
        reviewer.goto(inspect_url)
        reviewer.get_by_role("link", name="录入市人民政府批复").click()
        expect(reviewer.locator("[data-approval-blockers]")).to_contain_text("可以批准")
        reviewer.locator("#id_document_number").fill("景府字〔2026〕150号")
        reviewer.locator("#id_approved_on").fill("2026-12-28")
        reviewer.locator("#id_scan").set_input_files(
            {"name": "市政府批复.pdf", "mimeType": "application/pdf", "buffer": SCAN}
        )
        for application in applications:
            reviewer.locator(f'input[name="applications"][value="{application.pk}"]').check()
        reviewer.locator("#id_confirmed").check()
        reviewer.get_by_role("button", name="录入批复并设立").click()
        expect(reviewer).to_have_url(
            re.compile(rf"/admin/candidate_lists/inspect/{candidates.pk}/")
        )
        expect(reviewer.locator("#approvals").locator("..")).to_contain_text("景府字〔2026〕150号")
        _screenshot(reviewer, "publicity-approval-recorded.png", admin=True)
        bureau.close()

        # 6. The units are in the public directory, with their certificate.
        unit = ProtectedUnit.objects.get(application=applications[1])
        visitor.goto(live_server.url + "/directory/")
        expect(visitor.locator("[data-directory]")).to_contain_text(
            "湖田青白瓷研究所（生产性保护示范基地）"
        )
        _screenshot(visitor, "directory.png")
        visitor.get_by_role("link", name="湖田青白瓷研究所（生产性保护示范基地）").click()
        expect(visitor.locator("[data-unit-status]")).to_have_text("已认定保护基地")
        expect(visitor.locator("[data-history]")).to_contain_text("景府字〔2026〕150号")
        expect(visitor.locator("main")).not_to_contain_text("赵六")
        _screenshot(visitor, "directory-unit.png")
        public.close()

    unit.refresh_from_db()
    _pdf_first_page_png(unit.certificate_pdf.read(), "unit-certificate-pdf")
    assert CandidateList.objects.get().approvals.count() == 1
