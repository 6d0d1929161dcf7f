"""The public site in English (/en/): navigation, page titles, headings and
dates are English; the legal text that stays Chinese (the measures'
articles, notice bodies, unit names, document numbers) is inside elements
marked lang="zh-Hans", so that a screen reader reads it as Chinese."""

import datetime
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from cms.models import EvaluationReportPage
from tests.cms.test_reports import report  # noqa: F401 (a fixture)
from tests.factories import NoticePageFactory, UnitFactory

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input",
    "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip


class ChineseOutsideZh(HTMLParser):
    """Collects the text with Chinese characters that is not inside an
    element marked lang="zh-Hans" (nor in <script>/<style>, nor a select's
    <option>, drawn by the browser, as in the browser's check of the same in
    tests/browser/test_accessibility_browser.py; attribute values are not
    text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, counts as Chinese-marked or skipped)
        self.found: list[str] = []

    def _quiet(self) -> bool:
        return any(quiet for _, quiet in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        lang = dict(attrs).get("lang") or ""
        quiet = tag in ("script", "style", "option") or lang.lower().startswith("zh")
        # An element marked with another language (lang="en") inside a
        # Chinese one speaks English again.
        if lang and not lang.lower().startswith("zh"):
            quiet = False
            self.stack.append((tag, None))
            return
        self.stack.append((tag, quiet))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        quiet = False
        for _, marked in self.stack:
            if marked is None:
                quiet = False
            elif marked:
                quiet = True
        if not quiet and CHINESE.search(data):
            self.found.append(data.strip())


def chinese_outside_zh(html: str) -> list[str]:
    parser = ChineseOutsideZh()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_walker_finds_chinese_only_where_it_is_not_marked():
    html = (
        '<html lang="en"><head><title>管理办法</title><script>"中"</script></head><body>'
        '<p title="中文">ok <span lang="zh-Hans">法<b>律</b></span></p>'
        '<div lang="zh-Hans"><p lang="en">英文</p><p>条</p></div><br>12月21日</body></html>'
    )
    assert chinese_outside_zh(html) == ["管理办法", "英文", "12月21日"]


@pytest.fixture
def public_site(site_tree, measure_2020, publicise, report):  # noqa: F811
    """Every kind of public page, seeded as the factories and fixtures make
    them: the measures, a notice, a publicity list open now, a unit in the
    directory and an evaluation report."""
    notice = NoticePageFactory(
        parent=site_tree.notice_index, title="关于开展2027年度自评工作的通知"
    )
    with time_machine.travel(datetime.datetime(2027, 12, 1, 9), tick=False):
        _, publicity, _ = publicise(datetime.date(2027, 12, 1))
    unit = UnitFactory(code="2024-JD-001", name="瑶里古窑保护基地")
    return {
        "measure": measure_2020,
        "notice": notice,
        "publicity": publicity,
        "unit": unit,
        "report": EvaluationReportPage.objects.get(),
    }


def english_urls(site) -> list[str]:
    """The English address of each kind of public page (a page's ``url`` is
    that of the active language: Chinese, taken before any request)."""
    return [
        "/en/",
        "/en/measures/",
        f"/en{site['measure'].url}",
        "/en/notices/",
        f"/en{site['notice'].url}",
        "/en/publicity/",
        f"/en{site['publicity'].url}",
        "/en/directory/",
        f"/en/directory/{site['unit'].code}/",
        "/en/reports/",
        f"/en{site['report'].url}",
        "/en/guide/",
        "/en/search/?q=2027",
        "/en/accounts/register/",
        "/en/accounts/login/",
    ]


def test_every_public_page_in_english_marks_its_chinese(client, public_site):
    unmarked = {}
    with time_machine.travel(datetime.datetime(2027, 12, 3, 10), tick=False):
        for url in english_urls(public_site):
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert '<html lang="en">' in html, url
            if found := chinese_outside_zh(html):
                unmarked[url] = found
    assert unmarked == {}


def test_english_pages_say_the_legal_text_is_chinese(client, public_site):
    url = public_site["measure"].url
    page = client.get(f"/en{url}").content.decode()
    assert "data-legal-text-note" in page
    chinese = client.get(url).content.decode()
    assert "data-legal-text-note" not in chinese


def test_navigation_and_headings_are_english_on_english_pages(client, public_site):
    home = client.get("/en/").content.decode()
    for title in (
        "The measures",
        "Notices",
        "Publicity",
        "Directory of reserves and protection bases",
        "Evaluation reports",
    ):
        assert f">{title}</a>" in home
    assert "<h1>Notices</h1>" in client.get("/en/notices/").content.decode()
    # In Chinese, the Chinese titles, unchanged.
    assert ">通知公告</a>" in client.get("/").content.decode()


def test_dates_on_english_pages_are_english(client, public_site):
    with time_machine.travel(datetime.datetime(2027, 12, 3, 10), tick=False):
        home = client.get("/en/").content.decode()
        chinese = client.get("/").content.decode()
    # The window of the list published on 1 December ends after 5 working
    # days or more: whatever the end, it is written in English.
    assert re.search(r"until (\d+ )?(Dec\.?|December|Jan\.?|January)\b", home)
    assert re.search(r"\d+月\d+日", chinese)


def test_page_title_falls_back_to_the_chinese_title_marked_chinese(public_site):
    notice = public_site["notice"]
    template = Template("{% load portal_tags %}{{ page|page_title }}")
    with translation.override("en"):
        assert template.render(Context({"page": notice})) == (
            '<span lang="zh-Hans">关于开展2027年度自评工作的通知</span>'
        )
        notice.title_en = "On the self-assessments of 2027"
        assert template.render(Context({"page": notice})) == "On the self-assessments of 2027"
    with translation.override("zh-hans"):
        assert template.render(Context({"page": notice})) == "关于开展2027年度自评工作的通知"


def test_mark_chinese_marks_the_chinese_runs_of_english_sentences():
    plain = Template("{% load portal_tags %}{{ text|mark_chinese }}")
    html = Template("{% load portal_tags %}{{ text|safe|mark_chinese }}")
    text = "The trial of 景文旅字〔2020〕152号 ended <soon>."
    with translation.override("en"):
        assert plain.render(Context({"text": text})) == (
            'The trial of <span lang="zh-Hans">景文旅字〔2020〕152号</span> ended &lt;soon&gt;.'
        )
        assert html.render(Context({"text": '<a title="营业执照">the 营业执照</a>'})) == (
            '<a title="营业执照">the <span lang="zh-Hans">营业执照</span></a>'
        )
    with translation.override("zh-hans"):
        assert plain.render(Context({"text": "试行期已于 2022-12-18 届满"})) == (
            "试行期已于 2022-12-18 届满"
        )
