"""robots.txt and the sitemap."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import NoticePageFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_robots_txt_allows_the_public_site_and_names_the_sitemap(client, settings):
    settings.ALLOWED_HOSTS = ["jdz.example.cn"]
    response = client.get("/robots.txt", HTTP_HOST="jdz.example.cn", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /apply/",
        "Disallow: /en/accounts/",
        "Disallow: /en/apply/",
        "Sitemap: https://jdz.example.cn/sitemap.xml",
    ]


def test_the_sitemap_lists_live_public_pages(client, site_tree):
    notice = NoticePageFactory(parent=site_tree.notice_index)
    draft = NoticePageFactory.build(title="草稿", live=False)
    site_tree.notice_index.add_child(instance=draft)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    locations = [element.text for element in root.iter(SITEMAP + "loc")]
    # Absolute URLs on the host of the Wagtail site (setup_site's hostname).
    paths = [location.split("://", 1)[1].split("/", 1)[1] for location in locations]
    assert notice.url.lstrip("/") in paths
    assert "notices/" in paths
    assert all(location.startswith("http") for location in locations)
    assert not any(draft.slug in location for location in locations)
