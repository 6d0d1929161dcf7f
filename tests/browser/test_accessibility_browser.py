"""Accessibility of the public pages in Chromium.

axe-core's WCAG 2.0/2.1 A and AA rules report no serious or critical
violation (and its best-practice rules — landmarks, heading order, skip link
— nothing moderate or worse), in Chinese and in English; Chinese content on
English pages is marked as Chinese; the registration form can be filled from
the keyboard alone with a visible focus; the larger-text switch (适老化)
enlarges the text and is remembered; the header's search form is labelled;
and the pages fit a phone's width (screenshots in var/screenshots/a11y-*)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.factories import NoticePageFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
NOTICE_TITLE = "关于开展2026年度陶瓷文化生态保护基地申报工作的通知"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PAGES = {
    "home": "/",
    "measures": "/measures/",
    "measure": "/measures/2020-152/",
    "notices": "/notices/",
    "notice": None,  # the notice's own URL
    "register": "/accounts/register/",
    "login": "/accounts/login/",
    "search": "/search/?q=陶瓷",
    "publicity": "/publicity/",
    "directory": "/directory/",
}
REGISTER_FIELDS = [
    "id_username",
    "id_email",
    "id_password1",
    "id_password2",
    "id_uscc",
    "id_organisation_name",
    "id_county",
    "id_township",
    "id_address",
    "id_contact_name",
    "id_contact_phone",
    "id_licence",
    "id_privacy_consent",
]


def test_axe_reports_serious_violations_with_their_targets(page):
    """The helper itself: a page with a nameless image, an unlabelled field
    and grey-on-white text fails, naming each node; other impacts are left
    out unless asked for."""
    page.set_content(
        """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>
        <main><h1>Broken</h1>
        <img id="nameless" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <input id="unlabelled" type="text">
        <p id="faint" style="color:#bbb;background:#fff">faint text</p>
        </main></body></html>"""
    )
    violations = axe_violations(page)
    found = {v["id"]: [" ".join(n["target"]) for n in v["nodes"]] for v in violations}
    assert found.get("image-alt") == ["#nameless"], violations
    assert found.get("label") == ["#unlabelled"], violations
    assert found.get("color-contrast") == ["#faint"], violations
    assert {v["impact"] for v in violations} <= {"serious", "critical"}
    message = str(violations)
    assert "image-alt (critical)" in message
    assert "#nameless" in message
    assert "#faint" in message
    assert axe_violations(page, impacts=("minor",)) == []


def test_axe_reports_content_outside_landmarks_and_a_heading_jump(page):
    """The best-practice rules the pages are also held to catch content
    outside every landmark and a heading level skipped."""
    page.set_content(
        """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>
        <p id="stray">Outside every landmark</p>
        <main><h1>Title</h1><h4 id="jump">Too deep</h4><p>Text</p></main>
        </body></html>"""
    )
    violations = axe_violations(
        page, impacts=("moderate", "serious", "critical"), tags=("best-practice",)
    )
    found = {v["id"]: [" ".join(n["target"]) for n in v["nodes"]] for v in violations}
    assert found.get("heading-order") == ["#jump"], violations
    assert found.get("region") == ["#stray"], violations


@pytest.fixture
def notice(committed_db, measure_2020):
    """The site with the 2020 measures and one notice, committed for the
    live server's thread."""
    from cms.services import site_tree_ensure

    tree = site_tree_ensure()
    return NoticePageFactory(
        parent=tree.notice_index,
        title=NOTICE_TITLE,
        document_number="景文旅字〔2026〕3号",
        issuing_body="景德镇市文化广电新闻出版旅游局",
        body="<h2>一、申报条件</h2><p>符合《管理办法》第七条的单位可以申报。</p>"
        '<p>详见<a href="/measures/2020-152/#article-7">第七条</a>。</p>',
    )


def _open(page, live_server, notice, name, prefix=""):
    path = PAGES[name] or notice.url
    response = page.goto(live_server.url + prefix + path)
    assert response.status == 200, path
    expect(page.locator("html")).to_have_attribute("lang", "en" if prefix else "zh-Hans")
    expect(page.locator("main h1")).to_have_count(1)


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_axe_violations(live_server, notice, page, name, prefix):
    _open(page, live_server, notice, name, prefix)
    assert axe_violations(page) == []
    best_practice = axe_violations(
        page, impacts=("moderate", "serious", "critical"), tags=("best-practice",)
    )
    assert best_practice == []


@pytest.mark.parametrize("name", ["home", "register"])
def test_no_serious_axe_violations_with_larger_text_on_a_phone(live_server, notice, page, name):
    page.set_viewport_size(PHONE)
    _open(page, live_server, notice, name)
    page.locator("[data-text-size-toggle]").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
    assert axe_violations(page) == []


# Text nodes on an English page: Chinese ones must be inside lang="zh-…", and
# English ones inside lang="en" (so a screen reader picks the right voice).
_LANGUAGE_OF_PARTS = """() => {
  const wrong = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest("script, style, option, [hidden]")) continue;
    const text = node.textContent.trim();
    const chinese = /[\\u4e00-\\u9fff]/.test(text);
    const english = /[A-Za-z]{2,}/.test(text) && !chinese;
    if (!chinese && !english) continue;
    const lang = (parent.closest("[lang]").getAttribute("lang") || "").toLowerCase();
    if ((chinese && !lang.startsWith("zh")) || (english && !lang.startsWith("en"))) {
      wrong.push(`${lang}: ${text.slice(0, 40)}`);
    }
  }
  return wrong;
}"""


@pytest.mark.parametrize(
    "name",
    ["home", "measures", "measure", "notices", "notice", "login", "publicity", "directory"],
)
def test_chinese_content_on_english_pages_is_marked_chinese(live_server, notice, page, name):
    _open(page, live_server, notice, name, "/en")
    assert page.evaluate(_LANGUAGE_OF_PARTS) == []
    # The text of the measures is Chinese in either language, its labels English.
    if name == "measure":
        expect(page.locator("article.measure")).to_have_attribute("lang", "zh-Hans")
        expect(page.locator("dl.facts")).to_have_attribute("lang", "en")


def test_toc_article_links_are_named_by_what_they_show(live_server, notice, page):
    """WCAG 2.5.3: the link showing "12" is named 第 12 条, which contains it."""
    _open(page, live_server, notice, "measure")
    link = page.get_by_role("link", name=re.compile(r"^第\s*12\s*条$"))
    expect(link).to_have_attribute("href", "#article-12")
    # 第 and 条 are for screen readers only: clipped to nothing on screen.
    hidden = link.locator(".visually-hidden")
    expect(hidden).to_have_text(["第", "条"])
    for part in hidden.all():
        box = part.bounding_box()
        assert box["width"] <= 1
        assert box["height"] <= 1
    assert link.bounding_box()["width"] < 60  # a number-sized box, not 第十二条


def _focused(page) -> dict:
    """The focused element: its id, class, tag, whether the browser shows a
    keyboard focus indicator, its outline, and whether the element with its
    focus ring is inside the window."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          const rect = el.getBoundingClientRect();
          // The focus ring too: the outline is drawn outside the border box.
          const ring = parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset);
          const box = {left: rect.left - ring, top: rect.top - ring, right: rect.right + ring,
                       bottom: rect.bottom + ring, width: rect.width, height: rect.height};
          return {
            id: el.id, cls: el.className, tag: el.tagName.toLowerCase(), type: el.type || "",
            text: (el.innerText || "").trim(),
            focusVisible: el.matches(":focus-visible"),
            outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
            outlineColor: style.outlineColor,
            box: [box.left, box.top, box.right, box.bottom, window.innerWidth, window.innerHeight],
            onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
              && box.right <= window.innerWidth && box.bottom <= window.innerHeight,
          };
        }"""
    )


def _assert_visible_focus(focused: dict):
    assert focused["focusVisible"], focused
    assert focused["outline"] != "none", focused
    assert focused["outlineWidth"] >= 2, focused
    assert focused["onScreen"], focused["box"]


def test_register_form_by_keyboard_alone(live_server, notice, page):
    page.goto(live_server.url + "/accounts/register/")

    # The first tab stop is the skip link, shown when focused.
    page.keyboard.press("Tab")
    focused = _focused(page)
    assert focused["cls"] == "skip-link", focused
    assert focused["text"] == "跳到主要内容"
    _assert_visible_focus(focused)

    # Following it puts the next tab stop at the form's first field.
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "main"
    order = []
    for _ in range(len(REGISTER_FIELDS) + 5):
        page.keyboard.press("Tab")
        focused = _focused(page)
        _assert_visible_focus(focused)
        order.append(focused["id"] or f"{focused['tag']}[{focused['type']}]")
        if focused["tag"] == "button":
            break
    assert order == [*REGISTER_FIELDS, "button[submit]"]
    assert focused["text"] == "注册"

    # Without the skip link, the header comes first, each stop visibly focused:
    # on the red header the ring is white.
    page.goto(live_server.url + "/accounts/register/")
    header_stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["id"] == "id_username":
            break
        _assert_visible_focus(focused)
        header_stops.append(focused)
    else:
        pytest.fail("Tab never reached the first form field")
    in_header = [f for f in header_stops if f["cls"] != "skip-link"]
    assert in_header
    assert {f["outlineColor"] for f in in_header} == {"rgb(255, 255, 255)"}, in_header


def test_register_errors_and_help_are_tied_to_their_fields(live_server, notice, page):
    """After a refused submission every field is marked invalid and described
    by its error (and the password by its rules): the ids Django's
    aria-describedby names exist on the page."""
    page.goto(live_server.url + "/accounts/register/")
    expect(page.locator("#id_password1")).to_have_accessible_description(
        re.compile("你的密码必须包含至少 8 个字符")
    )
    page.get_by_role("button", name="注册", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("请更正")
    dangling = page.evaluate(
        """() => [...document.querySelectorAll("[aria-describedby]")].flatMap(el =>
              el.getAttribute("aria-describedby").split(/\\s+/)
                .filter(id => !document.getElementById(id)).map(id => `${el.id} -> ${id}`))"""
    )
    assert dangling == []
    for field in REGISTER_FIELDS:
        locator = page.locator(f"#{field}")
        expect(locator).to_have_attribute("aria-invalid", "true")
        error = page.locator(f"#{field}_error")
        expect(error).to_be_visible()
        expect(locator).to_have_accessible_description(
            re.compile(re.escape(error.inner_text().strip()))
        )
    assert axe_violations(page) == []


def _body_text_style(page) -> dict:
    return page.evaluate(
        """() => {
          const style = getComputedStyle(document.querySelector("main p"));
          return {size: parseFloat(style.fontSize), lineHeight: parseFloat(style.lineHeight)};
        }"""
    )


def test_larger_text_switch_enlarges_text_and_is_remembered(live_server, notice, page):
    page.goto(live_server.url + "/")
    switch = page.get_by_role("button", name="大字版", exact=True)
    expect(switch).to_have_attribute("aria-pressed", "false")
    normal = _body_text_style(page)

    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    large = _body_text_style(page)
    assert large["size"] == pytest.approx(normal["size"] * 1.25)
    assert large["lineHeight"] / large["size"] > normal["lineHeight"] / normal["size"]
    assert page.evaluate("localStorage.getItem('portal.textSize')") == "large"

    # Remembered: after a reload, and on another page.
    page.reload()
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert _body_text_style(page) == large
    page.goto(live_server.url + "/en/measures/")
    expect(page.get_by_role("button", name="Larger text", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "20px"

    # Applied before the first paint by the inline script in <head>, without
    # waiting for (or even having) the static script.
    page.route(re.compile(r"/static/cms/portal\.js$"), lambda route: route.abort())
    page.goto(live_server.url + "/")
    assert page.evaluate("document.documentElement.classList.contains('text-large')")
    assert _body_text_style(page) == large
    page.unroute(re.compile(r"/static/cms/portal\.js$"))

    # The server sends everyone the same page: the switch starts unpressed.
    html = page.request.get(live_server.url + "/").text()
    assert 'aria-pressed="false" data-text-size-toggle' in html
    assert "text-large" not in html.split("<script>")[0]

    # Keyboard: tab to the switch and press Space to turn it off again.
    page.goto(live_server.url + "/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.hasAttribute('data-text-size-toggle')"):
            break
    else:
        pytest.fail("the larger-text switch is not reachable by Tab")
    _assert_visible_focus(_focused(page))
    page.keyboard.press("Space")
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert _body_text_style(page) == normal
    page.reload()
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert _body_text_style(page) == normal
    assert page.evaluate("localStorage.getItem('portal.textSize')") is None


@pytest.mark.parametrize(
    ("prefix", "label", "action"),
    [("", "搜索", "/search/"), ("/en", "Search", "/en/search/")],
    ids=["zh", "en"],
)
def test_header_search_form(live_server, notice, page, prefix, label, action):
    page.goto(live_server.url + prefix + "/notices/")
    search = page.get_by_role("search")
    expect(search).to_have_count(1)
    expect(search).to_have_attribute("method", "get")
    expect(search).to_have_attribute("action", action)
    box = search.get_by_role("searchbox", name=label, exact=True)
    expect(box).to_have_attribute("name", "q")
    expect(search.get_by_role("button", name=label, exact=True)).to_be_visible()

    box.fill("青花 瓷")
    with page.expect_request(re.compile(r"/search/\?")) as request_info:
        box.press("Enter")
    assert request_info.value.url == f"{live_server.url}{action}?q=%E9%9D%92%E8%8A%B1+%E7%93%B7"


def _screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"a11y-{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0
    return path


def _horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: it fits)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )


@pytest.mark.parametrize("name", ["home", "measures", "measure", "register"])
def test_screenshots_fit_desktop_and_phone(live_server, notice, page, name):
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        _open(page, live_server, notice, name)
        assert _horizontal_overflow(page) == 0, size_name
        _screenshot(page, f"{name}-{size_name}")

    # On a phone the header stacks: the tools sit below the title, inside the window.
    title = page.locator(".site-title").bounding_box()
    tools = page.locator(".site-tools").bounding_box()
    assert tools["y"] >= title["y"] + title["height"]
    assert tools["x"] >= 0
    assert tools["x"] + tools["width"] <= PHONE["width"]
    # …and its buttons keep their labels on one line (搜索 once broke in two).
    heights = {
        selector: page.locator(selector).bounding_box()["height"]
        for selector in (".site-search__button", ".text-size-toggle", ".language-switch a")
    }
    assert max(heights.values()) - min(heights.values()) <= 2, heights

    if name == "measures":
        # The versions table scrolls inside its wrapper rather than widening the page.
        wrapper = page.locator(".table-wrap")
        expect(wrapper).to_have_attribute("tabindex", "0")
        expect(wrapper).to_have_accessible_name("管理办法各版本（按施行日期由新到旧）")
        assert wrapper.evaluate("el => el.scrollWidth > el.clientWidth")
        assert wrapper.evaluate("el => getComputedStyle(el).overflowX") == "auto"

    if name in ("home", "register"):
        page.locator("[data-text-size-toggle]").click()
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))
        assert _horizontal_overflow(page) == 0
        _screenshot(page, f"{name}-phone-large")
