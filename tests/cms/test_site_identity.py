"""The portal's identity and polish (issue 15, item 12): the footer from the
site settings, the favicon, one date format per language."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from wagtail.models import Site

from cms.models import PortalSettings

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)  # window 2025-09-22 to 2025-10-23


def footer(client, url="/") -> str:
    page = client.get(url).content.decode()
    return re.search(r'<footer class="site-footer">(.*?)</footer>', page, re.S).group(1)


def test_the_footer_shows_the_bureau_and_its_records_once_set(client, site_tree):
    empty = footer(client)
    assert "景德镇市文化广电新闻出版旅游局" in empty
    assert empty.count("<p") == 1  # nothing but the bureau until set

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.bureau_address = "江西省景德镇市珠山区新厂西路"
    settings.bureau_phone = "0798-8222222"
    settings.icp_number = "赣ICP备12345678号"
    settings.government_site_code = "3602000001"
    settings.save()
    shown = footer(client)
    for value in ("新厂西路", "0798-8222222", "赣ICP备12345678号", "3602000001"):
        assert value in shown, value
    assert "Government website identifier" in footer(client, "/en/")


def test_the_favicon_is_linked_and_answers_at_favicon_ico(client, site_tree):
    page = client.get("/").content.decode()
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', page)
    assert link and link.group(1).endswith("cms/favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == link.group(1)
    with open(finders.find("cms/favicon.svg"), encoding="utf-8") as svg:
        assert svg.read().startswith("<svg")


def test_dates_have_one_format_per_language_on_the_home_page(client, publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        publicise(MONDAY)
    with time_machine.travel(datetime.datetime(2025, 9, 24, 9, tzinfo=SHANGHAI), tick=False):
        english = client.get("/en/").content.decode()
        chinese = client.get("/").content.decode()
    publicity = re.search(r"<section[^>]*data-home-publicity.*?</section>", english, re.S).group(0)
    assert "(until 23 October 2025)" in publicity
    assert "月" not in re.sub(r'lang="zh-Hans">[^<]*<', "", publicity)
    assert "2025年10月23日" in chinese


def test_the_search_page_form_is_styled_as_the_header_search(client, site_tree):
    page = client.get("/search/?q=陶瓷").content.decode()
    assert 'class="search-form__input"' in page and 'class="search-form__button"' in page
    with open(finders.find("cms/portal.css"), encoding="utf-8") as css:
        styles = css.read()
    assert ".search-form__input" in styles and ".search-form__button" in styles
