"""A visitor reads the measures in a real browser: from the home page to an
article, into English and back."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

MEASURE_TITLE = "国家级景德镇陶瓷文化生态保护实验区管理办法（试行）"
SITE_NAME_ZH = "国家级景德镇陶瓷文化生态保护实验区"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


pytestmark = pytest.mark.browser


# committed_db: the live server's thread must see the imported measures.
def test_read_an_article_and_switch_language(committed_db, live_server, measure_2020, page):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(".site-title__zone")).to_have_text(SITE_NAME_ZH)
    expect(page.locator(".site-title__zone")).to_be_visible()

    page.get_by_role("link", name=MEASURE_TITLE, exact=True).click()
    expect(page).to_have_url(re.compile(r"/measures/2020-152/$"))
    expect(page.locator("section.article")).to_have_count(43)

    page.locator('nav.toc a[href="#article-12"]').click()
    expect(page).to_have_url(re.compile(r"/measures/2020-152/#article-12$"))
    article = page.locator("#article-12")
    expect(article).to_be_in_viewport()
    expect(article.locator("h3")).to_have_text("第十二条")

    page.locator('.language-switch a[data-language="en"]').click()
    expect(page).to_have_url(re.compile(r"/en/measures/2020-152/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".facts").get_by_text("Document number", exact=True)).to_be_visible()
    # The text of the measures is Chinese in either language.
    expect(page.locator("#article-12 h3")).to_have_text("第十二条")
    expect(page.locator("article.measure")).to_have_attribute("lang", "zh-Hans")

    page.locator('.language-switch a[data-language="zh-hans"]').click()
    expect(page).to_have_url(re.compile(r"^(?!.*/en/).*/measures/2020-152/(#article-12)?$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator(".facts").get_by_text("文号", exact=True)).to_be_visible()

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = SCREENSHOTS / "measures.png"
    screenshot.unlink(missing_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.is_file()
    assert screenshot.stat().st_size > 0
