"""An applicant's draft in a real browser, by clicking only: the text typed
is saved automatically and is there when the step is opened again; the
files of several materials are uploaded at once, each into its slot; the
idle warning appears before the session ends and 保持登录 keeps it; a save
sent after the session ended comes back, after signing in, to the step
with the text typed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser

PASSWORD = "Jdz-test-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
AUTHENTICITY = re.compile("第七条（一）")
SAFEGUARDING_ID = "#id_safeguarding"


def _draft(username: str):
    from tests.applications.drafts_helpers import applicant_with_draft

    return applicant_with_draft(username=username)[1]


def _sign_in(journey: Journey, username: str) -> None:
    journey.fill("用户名", username)
    journey.fill("密码", PASSWORD)
    journey.click(journey.page.locator("main form button[type=submit]"), "sign in")


def _step_link(journey: Journey, step: str) -> None:
    journey.click(journey.page.locator(f'nav.steps a[href$="/{step}/"]'), f"step {step}")


def _open_draft(journey: Journey, application) -> None:
    journey.click(journey.page.locator(f'main a[href="/apply/{application.pk}/"]'), "the draft")
    _step_link(journey, "numbers")


def test_autosave_and_uploads_of_several_materials(committed_db, live_server, page):
    from applications.models import Application, Material

    application = _draft("autosave-applicant")
    journey = Journey(page, live_server.url, "draft-autosave")
    journey.start("/accounts/login/")
    _sign_in(journey, "autosave-applicant")
    _open_draft(journey, application)

    # Typing is saved a few seconds after it stops, without pressing save.
    journey.fill(AUTHENTICITY, "坚持手工拉坯、利坯、画坯的传统工序。")
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_attribute("data-state", "saved", timeout=20_000)
    expect(status).to_contain_text(re.compile(r"\d\d:\d\d"))
    assert Application.objects.get(pk=application.pk).narrative["authenticity"] == (
        "坚持手工拉坯、利坯、画坯的传统工序。"
    )
    # Opened again by its step link, the step shows it.
    _step_link(journey, "numbers")
    expect(page.get_by_label(AUTHENTICITY)).to_have_value("坚持手工拉坯、利坯、画坯的传统工序。")

    # Materials: one choice per slot (two files for one), one upload.
    _step_link(journey, "materials")
    expect(page.locator("[data-form-template] a")).to_have_attribute(
        "href", "/apply/form-template.pdf"
    )
    files = {
        "application_form": ["申报书.pdf"],
        "licence": ["营业执照.pdf"],
        "records": ["档案一.pdf", "档案二.pdf"],
    }
    for slot, names in files.items():
        page.locator(f"#id_file-{slot}").set_input_files(
            [{"name": n, "mimeType": "application/pdf", "buffer": PDF} for n in names]
        )
    journey.click_button("上传", exact=True)
    for slot, names in files.items():
        for name in names:
            expect(page.locator(f'tr[data-slot="{slot}"]')).to_contain_text(name)
    assert sorted(Material.objects.values_list("slot", "original_name")) == sorted(
        (slot, name) for slot, names in files.items() for name in names
    )


def test_idle_warning_keeps_the_session_and_an_ended_session_keeps_the_text(
    committed_db, live_server, page, settings
):
    from applications.models import Application

    # A short session for the test: the warning comes at half of it.
    settings.SESSION_COOKIE_AGE = 30
    application = _draft("idle-applicant")
    journey = Journey(page, live_server.url, "draft-idle")
    journey.start("/accounts/login/")
    _sign_in(journey, "idle-applicant")
    _open_draft(journey, application)

    # The warning comes, focus on its button; 保持登录 keeps the session.
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_visible(timeout=25_000)
    keep = page.locator("[data-keep-alive]")
    expect(keep).to_be_focused()
    journey.click(keep, "保持登录")
    expect(warning).to_be_hidden()
    # More than the session's age since the page was opened, less since 保持登录.
    page.wait_for_timeout(16_000)
    _step_link(journey, "numbers")
    expect(page).to_have_url(re.compile(rf"/apply/{application.pk}/numbers/$"))

    # Left alone, the session ends; the warning says so.
    expect(page.locator("[data-sign-in-again]")).to_be_visible(timeout=45_000)
    journey.fill(AUTHENTICITY, "会话结束后输入的文字。")
    page.locator(SAFEGUARDING_ID).fill("建立技艺档案。")
    journey.click_button("保存草稿", exact=True)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    _sign_in(journey, "idle-applicant")

    # Back on the step, with the text put back and saved.
    expect(page).to_have_url(re.compile(rf"/apply/{application.pk}/numbers/$"))
    expect(page.get_by_label(AUTHENTICITY)).to_have_value("会话结束后输入的文字。")
    expect(page.locator(SAFEGUARDING_ID)).to_have_value("建立技艺档案。")
    expect(page.locator("[data-draft-restored]")).to_be_visible()
    expect(page.locator("[data-autosave-status]")).to_have_attribute(
        "data-state", "saved", timeout=20_000
    )
    narrative = Application.objects.get(pk=application.pk).narrative
    assert narrative["authenticity"] == "会话结束后输入的文字。"
    assert narrative["safeguarding"] == "建立技艺档案。"
