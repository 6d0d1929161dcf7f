"""The Atom feed of notices, checked against RFC 4287."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from wagtail.models import Site

from tests.factories import NoticePageFactory

pytestmark = pytest.mark.django_db

# The applications tests' fixture: a candidate list published on a day.

ATOM = "http://www.w3.org/2005/Atom"
A = f"{{{ATOM}}}"
# RFC 3339 section 5.6 date-time, as RFC 4287 section 3.3 requires: a "T",
# seconds, and "Z" or a numeric offset.
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")


def parse(document: bytes) -> ET.Element:
    # The portal's own output, not untrusted input.
    return ET.fromstring(document)  # noqa: S314


def _absolute_iri(value: str | None) -> bool:
    return bool(value) and bool(urlsplit(value).scheme)


def _date_problems(where: str, element) -> list[str]:
    if element is None or not RFC3339.match(element.text or ""):
        return [f"{where}: updated is not an RFC 3339 date-time: {getattr(element, 'text', None)}"]
    try:
        datetime.datetime.fromisoformat(element.text.replace("Z", "+00:00"))
    except ValueError:
        return [f"{where}: updated is not a real date: {element.text}"]
    return []


def _one(parent, name: str, where: str, problems: list[str]):
    found = parent.findall(A + name)
    if len(found) != 1:
        problems.append(f"{where}: {len(found)} atom:{name} elements, must be exactly 1")
        return None
    return found[0]


def atom_problems(document: bytes) -> list[str]:
    """Returns what makes ``document`` not an Atom feed under RFC 4287's
    required elements (section 4.1.1 for the feed, 4.1.2 for entries), or
    an empty list."""
    problems: list[str] = []
    feed = parse(document)
    if feed.tag != A + "feed":
        return [f"root element is {feed.tag}, not atom:feed"]
    for name in ("id", "title", "updated"):
        _one(feed, name, "feed", problems)
    feed_id = feed.find(A + "id")
    if feed_id is not None and not _absolute_iri(feed_id.text):
        problems.append(f"feed: id is not an absolute IRI: {feed_id.text}")
    problems += _date_problems("feed", feed.find(A + "updated"))
    entries = feed.findall(A + "entry")
    feed_has_author = any(a.find(A + "name") is not None for a in feed.findall(A + "author"))
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        for name in ("id", "title", "updated"):
            _one(entry, name, where, problems)
        entry_id = entry.find(A + "id")
        if entry_id is not None and not _absolute_iri(entry_id.text):
            problems.append(f"{where}: id is not an absolute IRI: {entry_id.text}")
        problems += _date_problems(where, entry.find(A + "updated"))
        # Without atom:content an entry must have a rel="alternate" link.
        alternates = [
            link
            for link in entry.findall(A + "link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if entry.find(A + "content") is None and not alternates:
            problems.append(f"{where}: no atom:content and no alternate link")
        for link in entry.findall(A + "link"):
            if not _absolute_iri(link.get("href")):
                problems.append(f"{where}: link without an absolute href")
        has_author = any(a.find(A + "name") is not None for a in entry.findall(A + "author"))
        if not (feed_has_author or has_author):
            problems.append(f"{where}: no atom:author here or on the feed")
    return problems


def test_the_validator_finds_what_is_missing():
    broken = (
        f'<feed xmlns="{ATOM}"><title>t</title><id>/relative</id>'
        "<updated>2026-01-01 10:00</updated>"
        "<entry><title>a</title><id>urn:x</id></entry></feed>"
    ).encode()
    problems = atom_problems(broken)
    assert "feed: id is not an absolute IRI: /relative" in problems
    assert "feed: updated is not an RFC 3339 date-time: 2026-01-01 10:00" in problems
    assert "entry 1: 0 atom:updated elements, must be exactly 1" in problems
    assert "entry 1: no atom:content and no alternate link" in problems
    assert "entry 1: no atom:author here or on the feed" in problems
    assert atom_problems(b'<rss version="2.0"/>') == ["root element is rss, not atom:feed"]


def feed(client, **headers):
    response = client.get("/feeds/notices.atom", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response.content


def test_the_notice_feed_is_valid_atom(client, site_tree):
    old = NoticePageFactory(parent=site_tree.notice_index, title="关于陶瓷传承基地申报的通知")
    new = NoticePageFactory(
        parent=site_tree.notice_index,
        title="关于公示的通知",
        body="<p>&lt;script&gt;公示&lt;/script&gt;名单如下。</p>",
    )
    draft = NoticePageFactory.build(title="草稿", live=False)
    site_tree.notice_index.add_child(instance=draft)

    document = feed(client)
    assert atom_problems(document) == []
    root = parse(document)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-hans"
    assert root.findtext(A + "title") == "通知公告 · 国家级景德镇陶瓷文化生态保护实验区"
    assert root.findtext(A + "id") == "http://testserver/feeds/notices.atom"
    assert root.find(A + "link[@rel='self']").get("href") == "http://testserver/feeds/notices.atom"
    assert root.find(A + "link[@rel='alternate']").get("href") == "http://testserver/notices/"
    assert root.findtext(f"{A}author/{A}name") == "景德镇市文化广电新闻出版旅游局"

    entries = root.findall(A + "entry")
    assert [e.findtext(A + "title") for e in entries] == [new.title, old.title]
    first = entries[0]
    assert first.find(A + "link").get("href") == f"http://testserver{new.url}"
    new.refresh_from_db()
    updated = datetime.datetime.fromisoformat(first.findtext(A + "updated"))
    assert updated == new.last_published_at
    summary = first.find(A + "summary")
    assert summary.get("type") == "html"
    # Plain text escaped for type="html": a reader shows the text, runs nothing.
    assert summary.text == "&lt;script&gt;公示&lt;/script&gt;名单如下。"


def test_the_feed_holds_the_latest_50_notices_in_chinese(client, site_tree):
    for n in range(51):
        NoticePageFactory(
            parent=site_tree.notice_index,
            title=f"通知{n:02d}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
    root = parse(feed(client, HTTP_ACCEPT_LANGUAGE="en"))
    titles = [e.findtext(A + "title") for e in root.findall(A + "entry")]
    assert len(titles) == 50
    assert titles[0] == "通知50"
    assert "通知00" not in titles
    assert root.findtext(A + "title").startswith("通知公告 · ")


def test_an_empty_feed_is_still_valid(client, site_tree):
    document = feed(client)
    assert atom_problems(document) == []
    assert parse(document).findall(A + "entry") == []


def test_the_feed_is_valid_before_any_site_is_set_up(client, db):
    Site.objects.all().delete()
    document = feed(client)
    assert atom_problems(document) == []
    assert parse(document).findtext(f"{A}author/{A}name") == "国家级景德镇陶瓷文化生态保护实验区"


def test_the_notice_index_links_to_the_feed(client, site_tree):
    page = client.get("/notices/").content.decode()
    assert (
        '<a href="/feeds/notices.atom" rel="alternate" type="application/atom+xml">'
        "订阅通知公告（Atom 订阅源）</a>"
    ) in page


@time_machine.travel(datetime.datetime(2025, 9, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_the_publicity_feed_is_valid_atom_newest_first(client, publicise):
    with time_machine.travel(datetime.datetime(2024, 3, 4, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        _old_list, old, _reviewer = publicise(datetime.date(2024, 3, 4))
    _new_list, new, _reviewer = publicise(datetime.date(2025, 9, 23))
    response = client.get("/feeds/publicity.atom", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    document = response.content
    assert atom_problems(document) == []
    root = parse(document)
    assert root.findtext(A + "title") == "公示公告 · 国家级景德镇陶瓷文化生态保护实验区"
    assert root.findtext(A + "id") == "http://testserver/feeds/publicity.atom"
    assert root.find(A + "link[@rel='alternate']").get("href") == "http://testserver/publicity/"
    entries = root.findall(A + "entry")
    assert [e.findtext(A + "title") for e in entries] == [new.title, old.title]
    assert entries[0].find(A + "link").get("href") == f"http://testserver{new.url}"
    # The summary gives the window's dates, then the notice's text.
    assert (
        entries[0]
        .findtext(A + "summary")
        .startswith("公示期为 2025年9月23日 至 2025年10月24日 24时（北京时间）。 经材料审核")
    )
    assert "2024年3月4日 至 2024年3月29日 24时" in entries[1].findtext(A + "summary")
    # An unpublished list leaves the feed.
    old.unpublish()
    root = parse(client.get("/feeds/publicity.atom").content)
    assert [e.findtext(A + "title") for e in root.findall(A + "entry")] == [new.title]


def test_an_empty_publicity_feed_is_still_valid(client, site_tree):
    document = client.get("/feeds/publicity.atom").content
    assert atom_problems(document) == []
    assert parse(document).findall(A + "entry") == []
