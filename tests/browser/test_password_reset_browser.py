"""Choosing a new password by email in a real browser (issue 15, item 2): from
the sign-in page, the link to the reset, the address, then the link of the
email opened as a person opens it from their mail client, the new password
chosen twice, and signing in with it by clicking; the header then shows the
account and its messages. Every page passes axe (serious and critical)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.factories import OrganisationFactory, UserFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
NEW_PASSWORD = "Qinghua-Ciqi-2027"
RESET_LINK = re.compile(r"https?://\S+/accounts/password-reset/[^/\s]+/[^/\s]+/")

pytestmark = pytest.mark.browser


def _check(page, name: str) -> None:
    assert axe_violations(page) == [], name
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"password-reset-{name}.png"), full_page=True)


def _reset_link(address: str) -> str:
    from portal.core.models import OutboxEmail

    bodies = OutboxEmail.objects.filter(to=address).order_by("-pk").values_list("body", flat=True)
    for body in bodies:
        found = RESET_LINK.search(body)
        if found:
            return found.group(0)
    raise AssertionError(f"no reset link mailed to {address}")


# committed_db: the live server's thread must see the account and the email.
def test_forgotten_password_reset_by_email_then_sign_in(committed_db, live_server, page):
    from portal.core.models import InboxMessage

    user = UserFactory(username="kiln-wang", email="wang@example.invalid")
    OrganisationFactory().members.add(user)
    InboxMessage.objects.create(
        recipient=user,
        event="organisation.claim_confirmed",
        subject="瑶里古窑瓷业有限公司已确认",
        body="浮梁县文化和旅游局已确认你的账号代表瑶里古窑瓷业有限公司。",
        link="http://testserver/apply/",
    )

    page.goto(live_server.url + "/accounts/login/")
    _check(page, "1-login")
    page.locator("main a[href='/accounts/password-reset/']").click()
    expect(page).to_have_url(re.compile(r"/accounts/password-reset/$"))
    _check(page, "2-ask")
    page.locator("#id_email").fill("wang@example.invalid")
    page.locator("main button[type=submit]").click()
    expect(page.locator("[data-password-reset-sent]")).to_be_visible()
    _check(page, "3-sent")

    # The person opens the link of the email in their mail client.
    link = _reset_link("wang@example.invalid")
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page.locator("#id_new_password1")).to_be_visible()
    _check(page, "4-choose")
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("[data-password-reset-complete]")).to_be_visible()
    _check(page, "5-done")

    # Signing in with the new password, by clicking.
    page.locator("main a[href='/accounts/login/']").click()
    page.locator("#id_username").fill("kiln-wang")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("[data-account-user]")).to_contain_text("kiln-wang")
    expect(page.locator("[data-account-organisation]")).to_have_text("瑶里古窑瓷业有限公司")
    _check(page, "6-signed-in")

    # My messages, from the header: one unread; opening it reads it.
    messages = page.locator(".site-header a[href='/accounts/messages/']")
    expect(messages).to_have_attribute("data-unread", "1")
    messages.click()
    _check(page, "7-messages")
    page.locator("[data-inbox] a[href^='/accounts/messages/']").first.click()
    expect(page.locator("[data-message-body]")).to_contain_text("浮梁县文化和旅游局")
    expect(page.locator(".site-header a[href='/accounts/messages/']")).to_have_attribute(
        "data-unread", "0"
    )
    _check(page, "8-message")
    page.locator("main [data-message-link]").click()
    expect(page).to_have_url(re.compile(r"/apply/$"))

    # The link works once.
    page.goto(link)
    expect(page.locator("[data-password-reset-invalid]")).to_be_visible()
