"""The cache of public pages (portal/cache.py): anonymous readers get kept
pages without a database query; a change the public can see shows at once;
signed-in readers, POSTs and pages with a CSRF form are never kept."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.roles import Role
from applications.services.objections import objection_decide, objection_submit
from applications.services.publicity import publicity_close
from portal.core.cache import FORM_ROUTES, page_cache_timeout
from tests.factories import NoticePageFactory, UserFactory

pytestmark = pytest.mark.django_db


SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)


def at(day: datetime.date, hms: str) -> datetime.datetime:
    h, m, s = map(int, hms.split(":"))
    return datetime.datetime.combine(day, datetime.time(h, m, s), tzinfo=SHANGHAI)


def test_a_second_anonymous_request_is_served_without_the_database(
    client, site_tree, django_assert_num_queries
):
    NoticePageFactory(parent=site_tree.notice_index, title="关于陶瓷传承基地申报的通知")
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "关于陶瓷传承基地申报的通知" in second.content.decode()
    assert second["Content-Type"] == "text/html; charset=utf-8"
    for response in (first, second):
        assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=60"}
        assert "Cookie" in response["Vary"]
        assert "Set-Cookie" not in response
    # A reader who has the page already is told it has not changed.
    again = client.get("/", HTTP_IF_NONE_MATCH=second["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_publishing_a_notice_shows_on_the_home_page_at_once(client, site_tree):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    NoticePageFactory(parent=site_tree.notice_index, title="关于新一批保护基地名单的通知")
    fresh = client.get("/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "关于新一批保护基地名单的通知" in fresh.content.decode()


def test_unpublishing_removes_a_notice_at_once(client, site_tree):
    notice = NoticePageFactory(parent=site_tree.notice_index, title="即将撤回的通知")
    assert "即将撤回的通知" in client.get("/notices/").content.decode()
    assert client.get("/notices/")["X-Page-Cache"] == "hit"
    notice.unpublish()
    assert "即将撤回的通知" not in client.get("/notices/").content.decode()
    assert client.get(notice.url).status_code == 404


def test_a_signed_in_reader_is_never_served_or_served_from_a_kept_page(client, site_tree):
    user = UserFactory(roles=[Role.APPLICANT])
    client.force_login(user)
    signed_in = client.get("/")
    assert signed_in.status_code == 200
    assert "X-Page-Cache" not in signed_in
    assert "private" in signed_in["Cache-Control"] and "public" not in signed_in["Cache-Control"]
    # Nothing was kept from that page.
    client.logout()
    client.cookies.clear()
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    # And a kept page is not served to a reader who signs in again.
    client.force_login(user)
    again = client.get("/")
    assert "X-Page-Cache" not in again and "private" in again["Cache-Control"]


def test_a_post_is_never_served_from_the_cache(client, site_tree):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    response = client.post("/", {"q": "陶瓷"})
    assert "X-Page-Cache" not in response


def test_the_search_page_and_errors_are_not_kept(client, site_tree):
    assert "X-Page-Cache" not in client.get("/search/", {"q": "陶瓷"})
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404 and "X-Page-Cache" not in missing
    assert "X-Page-Cache" not in client.get("/healthz")


def test_each_language_is_kept_apart(client, site_tree):
    chinese = client.get("/")
    english = client.get("/en/")
    assert chinese["X-Page-Cache"] == english["X-Page-Cache"] == "miss"
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()
    kept_english = client.get("/en/")
    assert kept_english["X-Page-Cache"] == "hit"
    assert '<html lang="en">' in kept_english.content.decode()


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_the_objection_form_is_never_kept(client, publicise):
    _candidates, page, _reviewer = publicise(MONDAY)
    for route in ("objection/", "follow/"):
        for _ in range(2):
            response = client.get(page.url + route)
            assert response.status_code == 200
            assert "X-Page-Cache" not in response
            assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    form = client.get(page.url + "objection/")
    assert "csrfmiddlewaretoken" in form.content.decode()
    assert "csrftoken" in form.cookies


def test_form_routes_of_public_pages():
    for path in (
        "/publicity/20250922-1/objection/",
        "/en/publicity/20250922-1/follow/",
        "/directory/2024-JD-001/self-assessment/2025/",
    ):
        assert FORM_ROUTES.search(path), path
    for path in ("/publicity/20250922-1/", "/directory/2024-JD-001/", "/notices/follow-up/x/"):
        assert not FORM_ROUTES.search(path), path


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_closing_a_window_shows_at_once(client, publicise):
    candidates, page, _reviewer = publicise(MONDAY)
    assert 'data-publicity-state="open"' in client.get(page.url).content.decode()
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    publicity_close(
        candidate_list_id=candidates.pk, now=at(datetime.date(2025, 10, 24), "00:00:01")
    )
    closed = client.get(page.url)
    assert closed["X-Page-Cache"] == "miss"
    assert 'data-publicity-state="closed"' in closed.content.decode()


def test_kept_pages_expire_at_midnight_beijing_time(client, site_tree):
    assert page_cache_timeout(at(MONDAY, "10:00:00")) == 300
    assert page_cache_timeout(at(MONDAY, "23:59:00")) == 60
    assert page_cache_timeout(at(MONDAY, "23:59:59")) == 1
    with time_machine.travel(at(MONDAY, "23:59:30"), tick=False):
        response = client.get("/")
        assert response["X-Page-Cache"] == "miss"
        assert "max-age=30" in response["Cache-Control"]
        assert client.get("/")["X-Page-Cache"] == "hit"
    # After midnight the page is rendered again ("working days left" moved).
    with time_machine.travel(at(MONDAY + datetime.timedelta(days=1), "00:00:00"), tick=False):
        assert client.get("/")["X-Page-Cache"] == "miss"


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_an_objection_decided_after_the_window_shows_at_once(client, publicise):
    candidates, page, reviewer = publicise(MONDAY)
    target = candidates.applications.order_by("receipt_number").first()
    objection = objection_submit(
        candidate_list=candidates,
        application_id=target.pk,
        name="张三",
        phone="13800000000",
        email="",
        grounds="该单位申报的场地面积与实际不符，请核查。",
        now=at(MONDAY, "10:00:00"),
    )
    publicity_close(
        candidate_list_id=candidates.pk, now=at(datetime.date(2025, 10, 24), "00:00:01")
    )
    before = client.get(page.url).content.decode()
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    objection_decide(objection=objection, user=reviewer, upheld=True, reason="传承谱系造假。")
    after = client.get(page.url)
    assert after["X-Page-Cache"] == "miss"
    # The outcome column of the closed list: the candidate left the list.
    target.refresh_from_db()
    assert target.status != "candidate"
    cell = f">{target.get_status_display()}</td>"  # the outcome column's cell
    assert cell in after.content.decode()
    assert cell not in before
