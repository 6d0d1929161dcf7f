"""The public pages: home, measures, notices, in Chinese and English."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NoticePageFactory

pytestmark = pytest.mark.django_db


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_home_page_is_chinese_and_links_to_measures_and_notices(client, measure_2020, site_tree):
    NoticePageFactory(parent=site_tree.notice_index, title="关于陶瓷传承基地申报的通知")
    page = html(client, "/")
    assert '<html lang="zh-Hans">' in page
    assert "国家级景德镇陶瓷文化生态保护实验区" in page
    assert f'href="{measure_2020.url}"' in page
    assert 'href="/notices/"' in page
    assert "关于陶瓷传承基地申报的通知" in page
    assert 'href="/en/"' in page  # the language switch


def test_measure_page_lists_43_articles_in_four_chapters(client, measure_2020):
    page = html(client, measure_2020.url)
    articles = re.findall(r'<section class="article" id="article-(\d+)"', page)
    assert articles == [str(n) for n in range(1, 44)]
    chapters = re.findall(r'<h2 id="chapter-\d-heading">(第.章 [^<]+)</h2>', page)
    assert chapters == ["第一章 总则", "第二章 申报与设立", "第三章 建设与管理", "第四章 附则"]
    assert '<a href="#article-12" class="article__anchor">第十二条</a>' in page
    assert "公示期为二十个工作日" in page
    assert "景文旅字〔2020〕152号" in page
    assert "2020年12月18日" in page
    # 第四十三条: two years from issue, long over.
    assert "已届满" in page
    assert "现行有效" in page


def test_measure_page_in_english_keeps_the_chinese_text(client, measure_2020):
    page = html(client, "/en" + measure_2020.url)
    assert '<html lang="en">' in page
    assert "Document number" in page
    assert "In force" in page
    assert "第十二条" in page
    assert 'href="/measures/2020-152/"' in page  # switch back to Chinese


def test_measure_index_lists_versions(client, measure_2020):
    page = html(client, "/measures/")
    assert measure_2020.title in page
    assert "景文旅字〔2020〕152号" in page


def test_notice_index_paginates(client, site_tree):
    for n in range(23):
        NoticePageFactory(parent=site_tree.notice_index, title=f"通知{n:02d}")

    def items(url):
        return re.findall(r'<li><a href="(/notices/notice-[^"]+)"', html(client, url))

    first, second = items("/notices/"), items("/notices/?page=2")
    assert len(first) == 20
    assert len(second) == 3
    assert not set(first) & set(second)
    # A page number out of range shows the last page, a bad one the first.
    assert items("/notices/?page=99") == second
    assert items("/notices/?page=x") == first


def test_notice_page(client, site_tree):
    notice = NoticePageFactory(
        parent=site_tree.notice_index,
        title="关于<b>陶瓷</b>的通知",
        document_number="景文旅字〔2026〕1号",
    )
    page = html(client, notice.url)
    assert "关于&lt;b&gt;陶瓷&lt;/b&gt;的通知" in page  # titles are escaped
    assert "景文旅字〔2026〕1号" in page
    assert "陶瓷文化生态保护通知正文。" in page


def test_unknown_page_is_a_chinese_404(client, site_tree):
    page = html(client, "/no-such-page/", status=404)
    assert "页面不存在" in page


def test_measure_page_query_count_does_not_grow_with_articles(client, measure_2020):
    client.get(measure_2020.url)  # warm caches (site root paths, settings)
    with CaptureQueriesContext(connection) as queries:
        client.get(measure_2020.url)
    assert len(queries) <= 12, [q["sql"] for q in queries]


def test_home_page_query_count(client, measure_2020, site_tree):
    for _ in range(5):
        NoticePageFactory(parent=site_tree.notice_index)
    from django.core.cache import cache

    client.get("/")
    cache.clear()  # measure the page's rendering, not the page cache
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert len(queries) <= 18, [q["sql"] for q in queries]
    # More content, no more queries.
    for _ in range(5):
        NoticePageFactory(parent=site_tree.notice_index)
    cache.clear()
    with CaptureQueriesContext(connection) as more:
        client.get("/")
    assert len(more) == len(queries)


def test_staff_edit_the_measures_in_the_wagtail_admin(client, measure_2020):
    from applications.roles import Role
    from tests.factories import UserFactory

    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    client.force_login(reviewer)
    response = client.get(f"/admin/pages/{measure_2020.pk}/edit/")
    assert response.status_code == 200
    assert "景文旅字〔2020〕152号" in response.content.decode()
    # Audit entries of the import are listed in the page's history.
    history = client.get(f"/admin/pages/{measure_2020.pk}/history/")
    assert history.status_code == 200
    assert "从文件导入管理办法" in history.content.decode()


def test_the_directory_filters_by_kind_category_county_and_status(client, site_tree):
    from applications.models import County
    from tests.factories import UnitFactory

    UnitFactory(name="瑶里传承基地", category="transmission")
    UnitFactory(name="湘湖研究基地", category="research", status="delisted")
    UnitFactory(
        name="浮梁县陶瓷文化生态保护实验区",
        kind="reserve",
        category="",
        status="experimental_zone",
    )
    page = client.get("/directory/").content.decode()
    assert all(n in page for n in ("瑶里传承基地", "湘湖研究基地", "浮梁县陶瓷文化生态保护实验区"))
    research = client.get("/directory/?category=research").content.decode()
    assert "湘湖研究基地" in research and "瑶里传承基地" not in research
    reserves = client.get("/directory/?kind=reserve").content.decode()
    assert "浮梁县陶瓷文化生态保护实验区" in reserves and "瑶里传承基地" not in reserves
    delisted = client.get("/directory/?status=delisted").content.decode()
    assert "湘湖研究基地" in delisted and "瑶里传承基地" not in delisted
    county = County.objects.get(name="浮梁县")
    other = County.objects.exclude(pk=county.pk).first()
    assert "瑶里传承基地" in client.get(f"/directory/?county={county.pk}").content.decode()
    assert "瑶里传承基地" not in client.get(f"/directory/?county={other.pk}").content.decode()
    # A bad filter value is ignored, not an error.
    assert client.get("/directory/?status=nonsense").status_code == 200


def test_the_guide_lists_conditions_materials_and_the_procedure(client, site_tree):
    page = client.get("/guide/").content.decode()
    assert "1000" in page and "30" in page  # the numbers of the measures
    assert 'data-materials="base"' in page and 'data-materials="reserve"' in page
    assert "data-workflow-diagram" in page
    assert client.get("/en/guide/").status_code == 200
