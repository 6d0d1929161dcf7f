"""The site search: Chinese terms inside longer text, on SQLite and
PostgreSQL alike (run the suite with DATABASE_URL for the second)."""

import datetime
import re

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from applications.models import Organisation, Township
from cms.models import NoticeIndexPage, UnitDirectoryPage
from portal.search.models import SearchEntry
from portal.search.registry import (
    SearchDocument,
    search_highlight,
    search_register,
    search_snippet,
    search_terms_parse,
    search_unregister,
)
from portal.search.services import search_entries_rebuild
from tests.factories import NoticePageFactory, OrganisationFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The applications tests' fixture: a candidate list published on a day.

BODY = "<p>为弘扬景德镇陶瓷文化，推动手工制瓷技艺的保护与传承发展，现将有关事项通知如下。</p>"


def search(client, query: str, *, prefix: str = "", page: int | None = None) -> str:
    params = {"q": query} if page is None else {"q": query, "page": page}
    response = client.get(f"{prefix}/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def result_links(page: str) -> list[str]:
    return re.findall(r'<h2 class="search-result__title"[^>]*><a href="([^"]+)"', page)


@pytest.fixture
def notice(site_tree):
    return NoticePageFactory(
        parent=site_tree.notice_index, title="关于开展年度申报工作的通知", body=BODY
    )


def test_a_chinese_term_is_found_inside_a_longer_text(client, notice):
    page = search(client, "陶瓷")
    assert result_links(page) == [notice.url]
    assert "景德镇<mark>陶瓷</mark>文化" in page
    assert "1 条结果" in page


def test_a_term_in_the_middle_of_a_sentence_is_found(client, notice):
    page = search(client, "传承")
    assert result_links(page) == [notice.url]
    assert "保护与<mark>传承</mark>发展" in page


def test_every_term_must_occur(client, notice):
    # An ideographic space separates terms too.
    assert result_links(search(client, "陶瓷　传承")) == [notice.url]
    assert result_links(search(client, "陶瓷 青花")) == []


def test_a_query_matching_nothing_says_so(client, notice):
    page = search(client, "紫砂壶")
    assert result_links(page) == []
    assert "0 条结果" in page
    assert "没有找到" in page


def test_a_draft_an_unpublished_and_a_deleted_page_are_not_found(client, site_tree, notice):
    draft = NoticeIndexPage.objects.get(pk=site_tree.notice_index.pk).add_child(
        instance=NoticePageFactory.build(title="草稿通知", body="<p>青花瓷草稿</p>", live=False)
    )
    draft.save_revision()
    assert result_links(search(client, "青花瓷")) == []

    # Unsaved changes to a published page are not searchable either.
    notice.body = "<p>粉彩瓷修改稿</p>"
    notice.save_revision()
    assert result_links(search(client, "粉彩瓷")) == []
    assert result_links(search(client, "陶瓷")) == [notice.url]

    notice.unpublish()
    assert result_links(search(client, "陶瓷")) == []

    other = NoticePageFactory(
        parent=site_tree.notice_index, title="颜色釉通知", body="<p>颜色釉</p>"
    )
    assert result_links(search(client, "颜色釉")) == [other.url]
    other.delete()
    assert result_links(search(client, "颜色釉")) == []
    assert not SearchEntry.objects.filter(object_id=str(other.pk)).exists()


def test_a_private_page_is_not_found(client, notice):
    restriction = PageViewRestriction.objects.create(
        page=notice, restriction_type=PageViewRestriction.LOGIN
    )
    assert result_links(search(client, "陶瓷")) == []
    restriction.delete()
    assert result_links(search(client, "陶瓷")) == [notice.url]


def test_text_cannot_inject_html_and_terms_are_marked_in_escaped_text(client, site_tree):
    NoticePageFactory(
        parent=site_tree.notice_index,
        title="关于<b>陶瓷</b>的通知",
        body="<p>&lt;script&gt;alert(1)&lt;/script&gt;陶瓷 &amp; 瓷器</p>",
    )
    page = search(client, "陶瓷")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>陶瓷</mark> &amp; 瓷器" in page
    assert "关于&lt;b&gt;<mark>陶瓷</mark>&lt;/b&gt;的通知" in page


def test_highlighting_escapes_before_marking():
    text = '<script>alert("x")</script> 陶瓷 & <b>'
    assert search_highlight(text=text, terms=["陶瓷", "<"]) == (
        "<mark>&lt;</mark>script&gt;alert(&quot;x&quot;)<mark>&lt;</mark>/script&gt; "
        "<mark>陶瓷</mark> &amp; <mark>&lt;</mark>b&gt;"
    )
    # A term that is an entity's text matches only that text, not an entity.
    assert search_highlight(text="a < b", terms=["lt"]) == "a &lt; b"


def test_the_snippet_is_cut_around_the_first_match():
    text = "甲" * 300 + "陶瓷" + "乙" * 300
    snippet = search_snippet(text=text, terms=["陶瓷"], length=60)
    assert snippet.startswith("…甲")
    assert snippet.endswith("乙…")
    assert "<mark>陶瓷</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) == 62
    # No match (the title matched): the start of the text.
    assert search_snippet(text="短文", terms=["陶瓷"]) == "短文"


def test_query_terms():
    assert search_terms_parse(query=" 陶瓷  Jingdezhen　jingdezhen 传承 ") == [
        "陶瓷",
        "Jingdezhen",
        "传承",
    ]


def test_title_matches_come_first_then_the_newest(client, site_tree):
    index = site_tree.notice_index
    old_title = NoticePageFactory(
        parent=index, title="陶瓷基地名单", body="<p>名单</p>", date=datetime.date(2024, 1, 1)
    )
    older_body = NoticePageFactory(
        parent=index, title="通知甲", body="<p>陶瓷</p>", date=datetime.date(2025, 1, 1)
    )
    newer_body = NoticePageFactory(
        parent=index, title="通知乙", body="<p>陶瓷</p>", date=datetime.date(2026, 1, 1)
    )
    assert result_links(search(client, "陶瓷")) == [old_title.url, newer_body.url, older_body.url]


def test_results_come_twenty_to_a_page(client, site_tree):
    for n in range(23):
        NoticePageFactory(parent=site_tree.notice_index, title=f"通知{n:02d}", body="<p>陶瓷</p>")
    first = search(client, "陶瓷")
    second = search(client, "陶瓷", page=2)
    assert len(result_links(first)) == 20
    assert len(result_links(second)) == 3
    assert not set(result_links(first)) & set(result_links(second))
    assert "23 条结果" in first
    assert 'href="?q=%E9%99%B6%E7%93%B7&amp;page=2" rel="next"' in first


def test_an_empty_query_shows_the_form_only(client, notice):
    page = search(client, "  ")
    assert '<form class="search-form" role="search"' in page
    assert '<label for="search-q">' in page
    assert 'id="search-q" name="q"' in page
    assert "search-summary" not in page
    assert "没有找到" not in page


def test_a_query_over_100_characters_is_refused_in_chinese(client, notice):
    page = search(client, "陶" * 101)
    assert "搜索词最多 100 个字符，当前为 101 个字符，请缩短后再搜索。" in page
    assert 'aria-invalid="true" aria-describedby="search-error"' in page
    assert "search-summary" not in page
    assert "search-error" not in search(client, "陶" * 100)


def test_english_search_finds_chinese_content_and_links_in_english(client, notice):
    chinese_url = notice.url
    page = search(client, "陶瓷", prefix="/en")
    assert '<html lang="en">' in page
    assert "1 result for “陶瓷”" in page
    assert result_links(page) == ["/en" + chinese_url]
    assert '<p class="meta">Notice · <time' in page


def test_the_measures_are_found_by_article(client, measure_2020):
    page = search(client, "第十二条 公示期")
    assert result_links(page) == [measure_2020.url]
    assert '<p class="meta">管理办法 · <time datetime="2020-12-18">' in page
    assert "<mark>公示期</mark>" in page


def test_pages_without_text_of_their_own_are_not_indexed(site_tree):
    # The home and index pages lead to content; their titles alone would
    # put them above every notice.
    assert not SearchEntry.objects.filter(object_id=str(site_tree.home.pk)).exists()
    assert not SearchEntry.objects.filter(object_id=str(site_tree.notice_index.pk)).exists()


def test_a_new_slug_above_a_page_moves_its_entry(client, site_tree, notice):
    index = NoticeIndexPage.objects.get(pk=site_tree.notice_index.pk)
    index.slug = "announcements"
    index.save_revision().publish()
    notice.refresh_from_db()
    assert notice.url.startswith("/announcements/")
    assert result_links(search(client, "陶瓷")) == [notice.url]


def test_a_moved_page_is_found_at_its_new_address(client, site_tree, notice):
    other = site_tree.home.add_child(instance=NoticeIndexPage(title="政策解读", slug="policies"))
    notice.move(other, pos="last-child")
    notice.refresh_from_db()
    assert result_links(search(client, "陶瓷")) == ["/policies/" + notice.slug + "/"]


def test_search_rebuild_indexes_live_public_pages_again(site_tree, notice, capsys):
    private = NoticePageFactory(parent=site_tree.notice_index, title="内部通知", body="<p>内部</p>")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    SearchEntry.objects.all().delete()
    call_command("search_rebuild")
    assert "1" in capsys.readouterr().out
    assert list(SearchEntry.objects.values_list("object_id", "kind", "url_path")) == [
        (str(notice.pk), "notice", notice.url)
    ]
    entry = SearchEntry.objects.get()
    assert entry.title == "关于开展年度申报工作的通知"
    assert entry.text.startswith("为弘扬景德镇陶瓷文化")
    assert entry.date == notice.date
    assert entry.language == "zh-hans"
    assert entry.obj == notice


def test_other_models_register_in_a_few_lines(client, db):
    search_register(
        Organisation,
        kind="unit",
        label="保护单位",
        document=lambda unit: SearchDocument(
            url_path=f"/units/{unit.pk}/", title=unit.name, text=unit.address
        ),
    )
    try:
        unit = OrganisationFactory(address="浮梁县瑶里镇古窑址旁")
        page = search(client, "古窑址")
        assert result_links(page) == [f"/units/{unit.pk}/"]
        assert "保护单位" in page
        assert search_entries_rebuild() == 1
        assert SearchEntry.objects.get().language == "zh-hans"
        unit.delete()
        assert result_links(search(client, "古窑址")) == []
    finally:
        search_unregister(Organisation)
    OrganisationFactory(uscc="91360222MA35L0A74U", name="另一家", address="古窑址")
    assert result_links(search(client, "古窑址")) == []


def test_an_established_unit_is_found_by_a_word_in_its_name(client, site_tree):
    unit = UnitFactory(
        code="2024-JD-007",
        name="瑶里古窑青花传承基地",
        ich_projects=[{"name": "景德镇青花瓷制作技艺", "level": "国家级"}],
        established_on=datetime.date(2024, 6, 1),
    )
    page = search(client, "青花传承")
    assert result_links(page) == ["/directory/2024-JD-007/"]
    assert "瑶里古窑<mark>青花传承</mark>基地" in page
    assert "已设立单位" in page
    assert client.get("/directory/2024-JD-007/").status_code == 200
    # Its status, county, ICH projects and (added after it was saved)
    # townships are found too.
    unit.townships.add(Township.objects.get(name="瑶里镇"))
    for term in ("已认定保护基地", "浮梁县", "瑶里镇", "青花瓷制作技艺"):
        assert result_links(search(client, term)) == ["/directory/2024-JD-007/"], term
    entry = SearchEntry.objects.get(kind="unit")
    assert (entry.title, entry.date) == ("瑶里古窑青花传承基地", datetime.date(2024, 6, 1))
    # Nothing of the organisation's contact is in the index.
    assert unit.organisation.contact_phone not in entry.text
    unit.delete()
    assert result_links(search(client, "青花传承")) == []


def test_a_reserve_of_several_counties_is_found_by_each(client, site_tree):
    from applications.models import County

    unit = UnitFactory(code="2024-BH-003", name="昌江两岸古窑保护区", kind="reserve", category="")
    assert result_links(search(client, "乐平市")) == []
    # The other counties are added after the unit is saved.
    unit.counties.add(County.objects.get(name="乐平市"))
    assert result_links(search(client, "乐平市")) == ["/directory/2024-BH-003/"]
    unit.counties.remove(County.objects.get(name="乐平市"))
    assert result_links(search(client, "乐平市")) == []


def test_units_follow_the_directory_and_come_back_on_rebuild(client, site_tree):
    UnitFactory(code="2024-JD-008", name="湖田青白瓷保护基地")
    directory = UnitDirectoryPage.objects.get(pk=site_tree.directory.pk)
    directory.slug = "units-directory"
    directory.save_revision().publish()
    assert result_links(search(client, "青白瓷")) == ["/units-directory/2024-JD-008/"]
    SearchEntry.objects.all().delete()
    assert search_entries_rebuild() == 1
    assert SearchEntry.objects.get().kind == "unit"


def test_a_publicity_list_is_indexed_as_publicity(client, site_tree, publicise):
    _candidates, page, _reviewer = publicise(datetime.date.today())
    entry = SearchEntry.objects.get(object_id=str(page.pk))
    assert entry.kind == "publicity"
    # Found by a candidate's name, labelled as a publicity list.
    html = search(client, "湖田青白瓷研究所")
    assert result_links(html) == [page.url]
    assert "公示名单" in html
