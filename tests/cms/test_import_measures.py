"""The import_measures command: import, idempotence, revisions, bad files."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, PageLogEntry, Revision

from cms.models import MeasurePage, MeasureStatus
from cms.services import measure_import

pytestmark = pytest.mark.django_db

REVISED = """# 国家级景德镇陶瓷文化生态保护实验区管理办法

文号：景文旅字〔2023〕9号
发布机关：景德镇市文化广电新闻出版旅游局
印发日期：2023-01-10

## 第一章 总则

第一条 修订后的第一条。

## 第二章 附则

第二条 本办法自2023年2月1日起施行。
"""


def snapshot():
    """Everything an import may write."""
    return (
        Page.objects.count(),
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        list(MeasurePage.objects.values_list("pk", "status", "body")),
    )


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_measures", *args, stdout=out)
    return out.getvalue()


def test_import_creates_a_published_version_with_43_articles(tmp_path, measures_2020_bytes):
    path = tmp_path / "measures-2020.md"
    path.write_bytes(measures_2020_bytes)
    output = run(str(path))
    page = MeasurePage.objects.get()
    assert page.live
    assert page.document_number == "景文旅字〔2020〕152号"
    assert page.article_count() == 43
    assert [c["number"] for c in page.chapters] == [1, 2, 3, 4]
    assert page.status == MeasureStatus.IN_FORCE
    assert page.trial_end_date == datetime.date(2022, 12, 18)
    assert page.trial_has_ended(today=datetime.date(2022, 12, 19))
    assert not page.trial_has_ended(today=datetime.date(2022, 12, 18))
    assert "景文旅字〔2020〕152号" in output
    assert "43" in output
    entry = PageLogEntry.objects.get(page=page, action="portal.measures.import")
    assert entry.data["articles"] == 43
    assert entry.data["sha256"] == page.source_sha256


def test_reimporting_the_same_file_changes_nothing(tmp_path, measures_2020_bytes):
    path = tmp_path / "measures.md"
    path.write_bytes(measures_2020_bytes)
    run(str(path))
    before = snapshot()
    output = run(str(path))
    assert snapshot() == before
    assert "已从此文件导入，无变化" in output


def test_malformed_file_names_the_line_and_changes_nothing(tmp_path, measures_2020_bytes):
    run_path = tmp_path / "good.md"
    run_path.write_bytes(measures_2020_bytes)
    run(str(run_path))
    before = snapshot()
    bad = measures_2020_bytes.replace("第十三条 ".encode(), "第十五条 ".encode())
    bad_path = tmp_path / "bad.md"
    bad_path.write_bytes(bad)
    with pytest.raises(CommandError) as info:
        run(str(bad_path))
    line = (
        bad.decode()
        .splitlines()
        .index(next(x for x in bad.decode().splitlines() if x.startswith("第十五条 ")))
        + 1
    )
    assert str(bad_path) in str(info.value)
    assert f"第 {line} 行：此处应为第 13 条，实为第 15 条" in str(info.value)
    assert snapshot() == before


def test_malformed_file_on_an_empty_database_leaves_no_site_tree(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("# 标题\n\n## 第一章 总则\n\n第二条 错误编号。\n", encoding="utf-8")
    pages_before = Page.objects.count()
    with pytest.raises(CommandError):
        run(str(path))
    assert Page.objects.count() == pages_before


def test_effective_before_issue_is_refused_and_changes_nothing(tmp_path):
    path = tmp_path / "odd.md"
    path.write_text(REVISED.replace("2023年2月1日", "2022年2月1日"), encoding="utf-8")
    before = Page.objects.count()
    with pytest.raises(CommandError, match="施行日期不能早于印发日期"):
        run(str(path))
    assert Page.objects.count() == before


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"measures-missing\.md"):
        run(str(tmp_path / "measures-missing.md"))


def test_a_new_version_supersedes_the_old(tmp_path, measures_2020_bytes):
    old = measure_import(data=measures_2020_bytes).page
    path = tmp_path / "revised.md"
    path.write_text(REVISED, encoding="utf-8")
    run(str(path))
    new = MeasurePage.objects.get(document_number="景文旅字〔2023〕9号")
    old.refresh_from_db()
    assert new.status == MeasureStatus.IN_FORCE
    assert old.status == MeasureStatus.SUPERSEDED
    assert new.trial_period_years is None
    assert new.effective_date == datetime.date(2023, 2, 1)
    # The status change is published and on the record.
    assert old.get_latest_revision().content["status"] == MeasureStatus.SUPERSEDED
    entry = PageLogEntry.objects.get(page=old, action="portal.measures.status")
    assert entry.data == {
        "old": "in_force",
        "new": "superseded",
        "because_of": "景文旅字〔2023〕9号",
    }


def test_same_number_other_text_needs_revise(tmp_path):
    path = tmp_path / "v.md"
    path.write_text(REVISED, encoding="utf-8")
    run(str(path))
    path.write_text(REVISED.replace("修订后的第一条。", "再次修订的第一条。"), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match="已存在，且正文不同"):
        run(str(path))
    assert snapshot() == before

    output = run(str(path), "--revise")
    page = MeasurePage.objects.get(document_number="景文旅字〔2023〕9号")
    assert page.chapters[0]["articles"][0]["paragraphs"] == ["再次修订的第一条。"]
    assert page.revisions.count() == 2
    assert "景文旅字〔2023〕9号" in output


def test_setup_site_builds_the_tree_once():
    from io import StringIO

    from wagtail.models import Site

    out = StringIO()
    call_command("setup_site", stdout=out)
    pages = Page.objects.count()
    call_command("setup_site", stdout=out)
    assert Page.objects.count() == pages
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    assert [p.slug for p in site.root_page.get_children()] == [
        "measures",
        "notices",
        "publicity",
        "directory",
        "reports",
    ]
    assert "/measures/" in out.getvalue()
