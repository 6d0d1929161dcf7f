"""An applicant's whole journey in a real browser: register, verify the
address by the emailed link, fill a base application in three steps (a
failing criterion is explained live, then fixed), upload the materials,
submit and download the receipt, whose text is the same Chinese."""

import importlib
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "Jdz-apply-2026"
USCC = "91350100M000100Y43"
ORGANISATION = "瑶里古窑瓷业有限公司"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REQUIRED_SLOTS = (
    "application_form",
    "licence",
    "site_proof",
    "staff_list",
    "inheritor_certificates",
)
NARRATIVES = ("authenticity", "inheritors", "safeguarding", "participation", "benefits")
VERIFY_LINK = re.compile(r"https?://\S+/accounts/verify/\S+/")
RECEIPT_NUMBER = re.compile(r"JDZ-JD-\d{4}-\d{4}")


pytestmark = pytest.mark.browser


def _townships_ensure():
    """The data migration's counties and townships are gone after an earlier
    transactional test emptied the tables; load them again."""
    from django.apps import apps

    from applications.models import Township

    if not Township.objects.filter(name="瑶里镇").exists():
        migration = importlib.import_module("applications.migrations.0003_load_divisions")
        migration.divisions_load(apps, None)
    return Township.objects.get(name="瑶里镇")


def _verify_link(timeout: float = 10.0) -> str:
    """The link of the verification email, which the live server sends (to
    the in-process locmem outbox) when the registration commits."""
    from django.core import mail

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            found = VERIFY_LINK.search(message.body)
            if found:
                return found.group(0)
        time.sleep(0.1)
    pytest.fail(f"no verification link in {len(mail.outbox)} email(s)")


def _screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.is_file()
    assert path.stat().st_size > 0
    return path


def _bureau_confirms(uscc: str) -> None:
    """The county bureau confirms the organisation (its own screen is
    driven in test_claims_browser)."""
    from applications.models import Organisation
    from applications.services.claims import organisation_claim_confirm
    from tests.registration import bureau_of

    organisation_claim_confirm(organisation=Organisation.objects.get(uscc=uscc), user=bureau_of())


# committed_db: the live server's thread must see the counties and townships.
def test_register_verify_apply_submit_and_download_receipt(committed_db, live_server, page):
    from django.core.cache import cache

    from tests.portal.pdf_text import pdf_text

    township = _townships_ensure()
    # Registration is rate-limited per address in the (in-process) cache,
    # which earlier tests' registrations from 127.0.0.1 also count against.
    cache.clear()

    # 1. Register, with the business licence: the answer is to look in
    # the mailbox (the same whatever accounts exist).
    page.goto(live_server.url + "/accounts/register/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.locator("#id_username").fill("yaoli-workshop")
    page.locator("#id_email").fill("yaoli-workshop@example.invalid")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_uscc").fill(USCC)
    page.locator("#id_organisation_name").fill(ORGANISATION)
    page.locator("#id_county").select_option(str(township.county_id))
    page.locator("#id_township").select_option(str(township.pk))
    page.locator("#id_address").fill("浮梁县瑶里镇")
    page.locator("#id_contact_name").fill("陈师傅")
    page.locator("#id_contact_phone").fill("0798-8888888")
    page.locator("#id_licence").set_input_files(
        {"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#id_privacy_consent").check()
    page.get_by_role("button", name="注册", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/register/sent/$"))
    expect(page.locator("[data-registered]")).to_contain_text("yaoli-workshop@example.invalid")

    # 2. Open the account by the emailed link, and sign in: the county
    # bureau has still to confirm the organisation.
    page.goto(_verify_link())
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.locator("#id_username").fill("yaoli-workshop")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url(re.compile(r"/apply/$"))
    expect(page.locator('[data-claim="pending"]')).to_have_count(1)
    _bureau_confirms(USCC)
    page.reload()
    expect(page.locator(".notice--warning")).to_have_count(0)

    # 3. Step 1: category, ICH project and inheritor.
    page.get_by_role("button", name=f"为{ORGANISATION}新建保护基地申报").click()
    expect(page).to_have_url(re.compile(r"/apply/\d+/$"))
    application_url = page.url
    page.locator('input[name="category"][value="production"]').check()
    page.locator('[name="projects-0-name"]').fill("景德镇手工制瓷技艺")
    page.locator('[name="projects-0-level"]').select_option("国家级")
    page.locator('[name="projects-0-category"]').fill("传统技艺")
    page.locator('input[name="inheritor_branch"][value="representative"]').check()
    page.locator('[name="inheritors-0-name"]').fill("陈师傅")
    page.locator('[name="inheritors-0-level"]').select_option("市级")
    # The spare rows (projects-1, inheritors-1) stay untouched and are skipped.
    page.get_by_role("button", name="保存并继续", exact=True).click()
    expect(page).to_have_url(re.compile(r"/apply/\d+/numbers/$"))

    # 4. Step 2: the live check explains the failing criterion…
    criteria = page.locator("ul[data-eligibility-list]")
    page.locator("#id_site_area_m2").fill("950")
    page.locator("#id_staff_count").fill("35")
    failing = criteria.locator("li.criterion--fail")
    # The live check answers after a pause in typing: give a loaded machine time.
    expect(failing).to_contain_text(
        "场地面积 950 平方米，低于第七条（六）要求的 1000 平方米以上", timeout=20_000
    )
    _screenshot(page, "apply-failing-criterion.png")

    # …and turns it to a pass once fixed.
    page.locator("#id_site_area_m2").fill("1000")
    site_area = criteria.locator('li[data-code="site_area"]')
    expect(site_area).to_have_class(re.compile(r"\bcriterion--pass\b"), timeout=20_000)
    expect(site_area).to_contain_text("场地面积 1000 平方米，符合")
    expect(criteria.locator("li.criterion--fail")).to_have_count(0)
    for name in NARRATIVES:
        page.locator(f"#id_{name}").fill("本单位坚持手工制瓷核心技艺。")
    page.get_by_role("button", name="保存并继续", exact=True).click()
    expect(page).to_have_url(re.compile(r"/apply/\d+/materials/$"))

    # 5. Step 3: choose the file of every required material, upload them at once.
    for slot in REQUIRED_SLOTS:
        page.locator(f"#id_file-{slot}").set_input_files(
            {"name": f"{slot}.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
    page.get_by_role("button", name="上传", exact=True).click()
    for slot in REQUIRED_SLOTS:
        expect(page.locator(f'tr[data-slot="{slot}"]')).to_contain_text(f"{slot}.pdf")
    expect(page.locator(".field__errors")).to_have_count(0)
    _screenshot(page, "apply-materials.png")

    # 6. Check and submit; the receipt follows.
    page.get_by_role("link", name="下一步：检查并提交").click()
    expect(page).to_have_url(re.compile(r"/apply/\d+/review/$"))
    expect(page.locator("ul[data-problems]")).to_have_count(0)
    page.locator("[data-declaration-form] input[name=declaration]").check()
    page.locator("[data-declaration-form] button[type=submit]").click()
    page.locator("button[data-submit-confirmed]").click()
    expect(page).to_have_url(re.compile(r"/apply/\d+/review/$"))
    expect(page.locator("ul[data-problems]")).to_have_count(0)
    receipt_link = page.locator("a[data-receipt]")
    for _attempt in range(10):
        if receipt_link.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(receipt_link).to_have_text("下载受理回执（PDF）")
    number = RECEIPT_NUMBER.search(page.locator("main").inner_text())
    assert number, page.locator("main").inner_text()
    assert page.url.startswith(application_url)

    with page.expect_download() as download_info:
        receipt_link.click()
    download = download_info.value
    assert download.suggested_filename == f"{number.group(0)}.pdf"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "受理回执" in text
    assert number.group(0) in text
    assert ORGANISATION in text
    _screenshot(page, "apply-submitted.png")

    for name in ("apply-failing-criterion.png", "apply-materials.png", "apply-submitted.png"):
        assert (SCREENSHOTS / name).stat().st_size > 0
