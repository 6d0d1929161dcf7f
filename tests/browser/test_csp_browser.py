"""Finding 11 (issue 13), in a real browser (here, not under tests/security:
it shares this folder's one Chromium): under the Content-Security-Policy the
public pages (also served from the page cache), the applicant's pages, the
Wagtail admin (dashboard, a listing, the review page, the page explorer, a
page's edit form, the calendar's form) and the API's documentation run
without a single violation."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import (
    ApplicationFactory,
    MaterialFactory,
    NoticePageFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PASSWORD = "Jdz-test-2026"
# Reports every violation of the policy into window.__cspViolations, from
# before the page's own scripts run.
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline")
    + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""


class Visitor:
    """A browser page that records CSP violations, from the event and from
    the console, and checks there were none on each page it opens."""

    def __init__(self, browser, base_url: str):
        self.context = browser.new_context(locale="zh-CN")
        self.context.add_init_script(LISTENER)
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda message: (
                self.console.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        self.base_url = base_url

    def open(self, path: str, *, strict: bool = True):
        """Opens ``path``: a policy is in force (``strict``: no inline
        script but with the nonce) and nothing violates it."""
        response = self.page.goto(self.base_url + path)
        assert response.status == 200, (path, response.status)
        script_src = re.search(r"script-src ([^;]*)", response.headers["content-security-policy"])
        assert ("'unsafe-inline'" not in script_src.group(1)) is strict, (path, script_src)
        self.page.wait_for_load_state("networkidle")
        self.assert_no_violation(path)
        return response

    def assert_no_violation(self, where: str):
        seen = self.page.evaluate("window.__cspViolations || []")
        assert seen == [] and self.console == [], (where, seen, self.console)

    def sign_in(self, path: str, username: str, button: str):
        self.page.goto(self.base_url + path)
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(PASSWORD)
        self.page.locator(button).click()
        expect(self.page).not_to_have_url(re.compile(r"/login/"))
        self.assert_no_violation(path)


def test_no_page_violates_the_policy(committed_db, live_server, browser):
    from applications.roles import Role
    from cms.services import site_tree_ensure

    tree = site_tree_ensure()
    notice = NoticePageFactory(parent=tree.notice_index, title="关于保护基地申报的通知")
    applicant = UserFactory(username="csp-applicant", roles=[Role.APPLICANT])
    draft = ApplicationFactory(category="production")
    draft.organisation.members.add(applicant)
    submitted = MaterialFactory(application=ApplicationFactory(submitted=True)).application
    UserFactory(username="csp-admin", is_superuser=True, is_staff=True)

    first = Visitor(browser, live_server.url)
    try:
        assert first.open("/").headers["x-page-cache"] == "miss"
    finally:
        first.context.close()
    public = Visitor(browser, live_server.url)  # and a browser cache of its own
    try:
        # The kept copy: the header is fresh, the page the same.
        assert public.open("/").headers["x-page-cache"] == "hit"
        public.page.locator("[data-text-size-toggle]").click()
        expect(public.page.locator("html")).to_have_class(re.compile("text-large"))
        public.open(notice.url)
        public.open("/guide/")
        public.open("/en/")
    finally:
        public.context.close()

    own = Visitor(browser, live_server.url)
    try:
        own.sign_in("/accounts/login/", applicant.username, "main form button[type=submit]")
        own.open("/apply/")
        own.open(f"/apply/{draft.pk}/numbers/")
        # The live eligibility check (a script file and a fetch) runs.
        own.page.locator("#id_site_area_m2").fill("1500")
        own.page.wait_for_load_state("networkidle")
        own.page.wait_for_timeout(500)
        own.assert_no_violation("numbers step")
        own.open(f"/apply/{draft.pk}/materials/")
        own.open(f"/apply/{draft.pk}/review/")
    finally:
        own.context.close()

    staff = Visitor(browser, live_server.url)
    try:
        staff.sign_in("/admin/login/", "csp-admin", "button[type=submit]")
        for path in (
            "/admin/",
            "/admin/applications_review/",
            f"/admin/applications_review/inspect/{submitted.pk}/",
            f"/admin/pages/{tree.home.pk}/",
            f"/admin/pages/{notice.pk}/edit/",
            "/admin/calendar_years/new/",
            "/admin/calendar_years/",
            "/api/v1/docs",
        ):
            staff.open(path, strict=False)
    finally:
        staff.context.close()
