"""Account security in a real browser: an administrator finds, by the
admin's menu, the failed sign-ins and the locked accounts and unlocks one;
a reviewer sets up two-step verification (QR code, secret, first code,
recovery codes) and is asked for a code at the next sign-in."""

import re
from base64 import b32decode
from pathlib import Path

import pytest
from django.test import Client
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.factories import UserFactory

PASSWORD = "Jdz-test-2026"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = pytest.mark.browser


def _sign_in(page, base_url: str, username: str):
    page.goto(base_url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()


def _screenshot(page, name: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.is_file() and path.stat().st_size > 0


# committed_db: the live server's thread must see the users and attempts.
def test_an_administrator_finds_failed_sign_ins_and_unlocks_an_account(
    committed_db, live_server, page, settings
):
    from axes.models import AccessAttempt
    from wagtail.models import ModelLogEntry

    from applications.roles import Role

    settings.AXES_ENABLED = True
    UserFactory(username="admin-li", roles=[Role.ADMIN])
    UserFactory(username="kiln-master")
    visitor = Client()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        visitor.post("/accounts/login/", {"username": "kiln-master", "password": "wrong-Pass-1"})
    assert (
        visitor.post(
            "/accounts/login/", {"username": "kiln-master", "password": PASSWORD}
        ).status_code
        == 429
    )

    _sign_in(page, live_server.url, "admin-li")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    # The sidebar's "account security" group, then its failed sign-ins.
    sidebar = page.locator("[data-wagtail-sidebar], aside").first
    sidebar.get_by_role("button", name=re.compile("账号安全|Account security")).click()
    page.locator('a[href="/admin/signin_failures/"]').click()
    expect(page).to_have_url(re.compile(r"/admin/signin_failures/$"))
    expect(page.locator("table.listing tbody tr")).to_have_count(settings.AXES_FAILURE_LIMIT + 1)
    expect(page.locator("table.listing tbody")).to_contain_text("kiln-master")
    _screenshot(page, "signin-failures.png")

    sidebar.get_by_role("button", name=re.compile("账号安全|Account security")).click()
    page.locator('a[href="/admin/locked_accounts/"]').click()
    expect(page).to_have_url(re.compile(r"/admin/locked_accounts/$"))
    page.locator('[data-unlock="kiln-master"]').click()
    expect(page).to_have_url(re.compile(r"/admin/locked_accounts/unlock/\d+/$"))
    page.locator("form[data-confirm] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/locked_accounts/$"))
    expect(page.locator(".messages .success")).to_contain_text("kiln-master")
    expect(page.locator('[data-unlock="kiln-master"]')).to_have_count(0)

    assert not AccessAttempt.objects.filter(username="kiln-master").exists()
    entry = ModelLogEntry.objects.get(action="portal.account.unlock")
    assert entry.user.username == "admin-li" and entry.data["username"] == "kiln-master"
    assert (
        visitor.post(
            "/accounts/login/", {"username": "kiln-master", "password": PASSWORD}
        ).status_code
        == 302
    )


def _current_code(secret: str) -> str:
    key = b32decode(secret.replace(" ", ""))
    return f"{TOTP(key).token():06d}"


def test_a_reviewer_sets_up_two_step_verification_and_is_asked_next_time(
    committed_db, live_server, browser, settings
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from applications.roles import Role

    settings.STAFF_TWO_FACTOR_REQUIRED = True
    reviewer = UserFactory(username="reviewer-zhao", roles=[Role.MUNICIPAL_REVIEWER])

    first = browser.new_context(locale="zh-CN").new_page()
    _sign_in(first, live_server.url, "reviewer-zhao")
    # No authenticator yet: every admin page leads to setting one up.
    expect(first).to_have_url(re.compile(r"/admin/two-step/set-up/\?next="))
    expect(first.locator("figure svg")).to_be_visible()
    secret = first.locator("[data-twofactor=secret]").inner_text()
    _screenshot(first, "two-step-set-up.png")
    first.locator("#id_code").fill(_current_code(secret))
    first.locator("form[data-twofactor=enrol] button[type=submit]").click()
    codes = first.locator("[data-twofactor=recovery-codes] li")
    expect(codes).to_have_count(10)
    recovery = codes.first.inner_text().strip()
    first.get_by_role("link", name=re.compile("继续|continue")).click()
    expect(first).to_have_url(re.compile(r"/admin/$"))
    assert TOTPDevice.objects.get(user=reviewer).confirmed
    first.context.close()

    # The next sign-in asks for a code: a wrong one is refused, a recovery
    # code admits once.
    second = browser.new_context(locale="zh-CN").new_page()
    _sign_in(second, live_server.url, "reviewer-zhao")
    expect(second).to_have_url(re.compile(r"/admin/two-step/verify/\?next="))
    second.goto(live_server.url + "/admin/applications_review/")
    expect(second).to_have_url(re.compile(r"/admin/two-step/verify/"))
    second.locator("#id_code").fill("000000")
    second.locator("form[data-twofactor=verify] button[type=submit]").click()
    expect(second.locator(".error-message, .w-field__errors")).not_to_have_count(0)
    second.locator("#id_code").fill(recovery)
    second.locator("form[data-twofactor=verify] button[type=submit]").click()
    expect(second).to_have_url(re.compile(r"/admin/applications_review/$"))
    second.context.close()
