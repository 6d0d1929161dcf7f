"""A click-only journey: a person's way through the portal in Chromium.

A journey opens its role's first page once (``start``); from then on it
moves only as a person does — by clicking links and buttons, filling in and
submitting forms, going back, and clicking a link in an email it was sent
(``open_mailed_link``). Any other navigation by URL fails the test:
``page.goto`` raises once the journey has started, and every page the
browser lands on must have been reached by an action of the journey.

After each step the journey saves a screenshot at a desktop and a phone
width (``var/screenshots/journey-<name>-<nn>-<step>-{desktop,phone}.png``)
and runs axe-core: a serious or critical WCAG 2.0/2.1 A or AA violation on
any page fails the journey, naming the step.

    journey = Journey(page, live_server.url, "public")
    journey.start("/")
    journey.click_link("公示公告")
    journey.click_button("提交异议")

The locators are Playwright's; ``journey.page`` is there for reading and
asserting (``expect(journey.page.get_by_role(...))``), never for ``goto``.
"""

import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from tests.browser.conftest import axe_violations

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


class TypedNavigation(AssertionError):
    """A journey went to a URL instead of clicking its way there."""


class Journey:
    def __init__(self, page: Page, base_url: str, name: str, *, axe: bool = True):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.name = re.sub(r"[^a-z0-9-]+", "-", name.lower())
        self.axe = axe
        self.steps: list[str] = []
        self.started = False
        self._goto = page.goto
        page.goto = self._refuse_goto
        page.set_viewport_size(DESKTOP)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # -- moving -------------------------------------------------------------

    def _refuse_goto(self, url, *args, **kwargs):
        raise TypedNavigation(
            f"journey {self.name}: navigation by URL to {url!r} after the first page; "
            "a person clicks their way there"
        )

    def start(self, path: str) -> "Journey":
        """Opens the role's first page: the only URL a journey types."""
        if self.started:
            raise TypedNavigation(f"journey {self.name} has already started")
        self.started = True
        self._goto(self.base_url + path)
        self._step(f"start {path}")
        return self

    def click(self, locator: Locator, step: str = "") -> "Journey":
        """Clicks ``locator`` (a link or a button) and waits for the page
        that follows to load."""
        self._require_started()
        label = step or self._describe(locator)
        locator.first.click()
        self.page.wait_for_load_state("load")
        self._step(label)
        return self

    def click_link(self, name: str | re.Pattern, *, exact: bool = False) -> "Journey":
        return self.click(self.page.get_by_role("link", name=name, exact=exact), f"link {name}")

    def click_button(self, name: str | re.Pattern, *, exact: bool = False) -> "Journey":
        return self.click(self.page.get_by_role("button", name=name, exact=exact), f"button {name}")

    def fill(self, label: str | re.Pattern, value: str, *, exact: bool = False) -> "Journey":
        """Types ``value`` into the field labelled ``label`` (no step)."""
        self._require_started()
        self.page.get_by_label(label, exact=exact).first.fill(value)
        return self

    def back(self) -> "Journey":
        """The browser's back button."""
        self._require_started()
        self.page.go_back()
        self.page.wait_for_load_state("load")
        self._step("back")
        return self

    def open_mailed_link(self, address: str, pattern: str | re.Pattern) -> str:
        """Opens the link matching ``pattern`` in the newest email to
        ``address``: a person clicking a link in their mail client, the one
        way besides the start that a journey arrives by URL. Fails if no
        email to ``address`` holds such a link. Returns the link."""
        from portal.core.models import OutboxEmail

        self._require_started()
        pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        for body in (
            OutboxEmail.objects.filter(to=address).order_by("-pk").values_list("body", flat=True)
        ):
            found = pattern.search(body)
            if found:
                self._goto(found.group(0))
                self._step(f"mailed link {pattern.pattern[:30]}")
                return found.group(0)
        raise AssertionError(f"journey {self.name}: no email to {address} links {pattern.pattern}")

    def accept_dialogs(self) -> "Journey":
        """Answers yes to the page's confirm() dialogs from now on."""
        self.page.on("dialog", lambda dialog: dialog.accept())
        return self

    # -- each step -----------------------------------------------------------

    def _require_started(self) -> None:
        if not self.started:
            raise TypedNavigation(f"journey {self.name}: start() opens the first page")

    @staticmethod
    def _describe(locator: Locator) -> str:
        try:
            text = (locator.first.inner_text(timeout=500) or "").strip()
        except Exception:  # the element may be gone after the click
            text = ""
        return text[:40] or "click"

    def _step(self, label: str) -> None:
        number = len(self.steps) + 1
        self.steps.append(f"{number:02d} {label} → {self.page.url}")
        slug = re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", label.lower()).strip("-")[:40] or "step"
        stem = SCREENSHOTS / f"journey-{self.name}-{number:02d}-{slug}"
        self.page.screenshot(path=f"{stem}-desktop.png", full_page=True)
        self.page.set_viewport_size(PHONE)
        self.page.screenshot(path=f"{stem}-phone.png", full_page=True)
        self.page.set_viewport_size(DESKTOP)
        if self.axe:
            violations = axe_violations(self.page)
            assert not violations, f"journey {self.name}, step {self.steps[-1]}: {violations}"

    def __repr__(self) -> str:
        return f"Journey({self.name}: " + "; ".join(self.steps) + ")"
