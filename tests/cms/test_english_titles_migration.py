"""The data migration cms.0007_english_titles: the pages that existed before
the English titles get theirs, in the page and in its revisions, so that the
next edit in the admin keeps them."""

import importlib

import pytest
from django.apps import apps

from applications.roles import Role
from cms.models import HomePage, MeasurePage, NoticeIndexPage, UnitDirectoryPage
from tests.factories import NoticePageFactory, UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cms.migrations.0007_english_titles")


def _untitled(page):
    """The page as it was before the migration: no English title, in the
    page and in a published revision."""
    page.title_en = ""
    page.save_revision().publish()
    page.refresh_from_db()
    assert "title_en" in page.latest_revision.content
    return page


def test_existing_pages_get_their_english_titles(site_tree, measure_2020):
    home = _untitled(site_tree.home)
    notices = _untitled(site_tree.notice_index)
    directory = _untitled(site_tree.directory)
    measure = _untitled(MeasurePage.objects.get(pk=measure_2020.pk))
    notice = NoticePageFactory(parent=notices, title="关于开展2027年度自评工作的通知")

    migration.english_titles_fill(apps, None)

    assert HomePage.objects.get(pk=home.pk).title_en == (
        "National Jingdezhen Ceramic Cultural Ecology Protection Experimental Zone"
    )
    assert NoticeIndexPage.objects.get(pk=notices.pk).title_en == "Notices"
    assert UnitDirectoryPage.objects.get(pk=directory.pk).title_en == (
        "Directory of reserves and protection bases"
    )
    assert MeasurePage.objects.get(pk=measure.pk).title_en.startswith("Measures of the National")
    # In the revision the admin edits from, too.
    notices.refresh_from_db()
    assert notices.latest_revision.content["title_en"] == "Notices"
    assert notices.live_revision.content["title_en"] == "Notices"
    # A notice written by the bureau has no known English title: untouched.
    notice.refresh_from_db()
    assert notice.title_en == ""


def test_an_english_title_already_given_is_kept(site_tree):
    site_tree.notice_index.title_en = "Announcements"
    site_tree.notice_index.save_revision().publish()

    migration.english_titles_fill(apps, None)

    page = NoticeIndexPage.objects.get(pk=site_tree.notice_index.pk)
    assert page.title_en == "Announcements"
    assert page.latest_revision.content["title_en"] == "Announcements"


def test_the_site_is_set_up_with_english_titles(site_tree):
    assert site_tree.measure_index.title_en == "The measures"
    assert site_tree.publicity_index.title_en == "Publicity"
    assert site_tree.report_index.title_en == "Evaluation reports"
    assert site_tree.home.title == "国家级景德镇陶瓷文化生态保护实验区"
    assert site_tree.home.title_en.startswith("National Jingdezhen")


def test_the_english_title_is_edited_beside_the_chinese_one(client, site_tree):
    client.force_login(UserFactory(roles=[Role.ADMIN], is_superuser=True, is_staff=True))
    form = client.get(f"/admin/pages/{site_tree.notice_index.pk}/edit/").content.decode()
    assert 'name="title_en"' in form and 'name="intro_en"' in form
    assert form.index('name="title"') < form.index('name="title_en"') < form.index('name="intro"')
