"""Fixtures for the browser tests: Debian's Chromium driven by Playwright.

The browser is the one the system package installs (``make test`` installs
it); Playwright's own browser downloads are never used.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the browser tests.

    Playwright's sync API runs an event loop in the main thread, and Django
    refuses database access from a thread with a running event loop. The
    tests here are plain synchronous code, so the check is relaxed while the
    browser runs, and only then (package scope: it stops after this folder)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
            "Run `make test`, which installs it.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser):
    """A page in a fresh browser context, as a Chinese-speaking visitor."""
    context = browser.new_context(locale="zh-CN")
    try:
        yield context.new_page()
    finally:
        context.close()


# axe-core, as the axe-playwright-python package ships it (a dev dependency):
# no network at test time. Only its axe.min.js is used, run with our options.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


class AxeViolations(list):
    """axe-core's violations, shown in an assertion message as one line per
    rule (id, impact, help) and the CSS target of every failing node."""

    def __repr__(self) -> str:
        if not self:
            return "no axe violations"
        lines = [f"{len(self)} axe violation(s):"]
        for violation in self:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                lines.append(f"    {target}: {node.get('failureSummary', '').splitlines()[-1:]}")
        return "\n".join(lines)

    __str__ = __repr__


def axe_violations(page, impacts=("serious", "critical"), tags=AXE_TAGS) -> AxeViolations:
    """Runs axe-core over the whole page with the WCAG 2.0 and 2.1 A and AA
    rules and returns the violations of the given impacts, each with its
    failing nodes (``node["target"]``)."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "options => window.axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]},
    )
    return AxeViolations(v for v in results["violations"] if v["impact"] in impacts)


@pytest.fixture(name="axe_violations")
def axe_violations_fixture():
    """The :func:`axe_violations` helper, as a fixture."""
    return axe_violations
