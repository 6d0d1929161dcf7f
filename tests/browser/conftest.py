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
