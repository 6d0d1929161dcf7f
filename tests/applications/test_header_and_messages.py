"""The site header by account (issue 15, item 2): signed out, 登录 and 注册;
signed in, the user and its organisation, 我的消息 with the unread count and
退出 (a POST form with its CSRF token). My messages: newest first, with
subject, date, body and the link of the page each concerns; opening one
marks it read; the unread count is one query."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from portal.core.models import InboxMessage
from portal.core.selectors import inbox_unread_count
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _header(response):
    return BeautifulSoup(response.content, "html.parser").select_one(".site-header")


def _message(user, subject, *, minutes_ago=0, read=False, link="http://testserver/apply/"):
    message = InboxMessage.objects.create(
        recipient=user,
        event="test.event",
        subject=subject,
        body=f"{subject}的正文",
        link=link,
        read_at=timezone.now() if read else None,
    )
    InboxMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return message


@pytest.fixture
def member(client):
    user = UserFactory(username="kiln-chen")
    OrganisationFactory().members.add(user)
    client.force_login(user)
    return user


def test_signed_out_the_header_offers_signing_in_and_registering(client):
    nav = _header(client.get("/accounts/login/")).select_one("[data-account-nav]")
    assert [a["href"] for a in nav.select("a")] == ["/accounts/login/", "/accounts/register/"]
    assert nav.select("form") == []


def test_signed_in_the_header_names_the_user_its_organisation_and_unread_messages(client, member):
    _message(member, "第一条")
    _message(member, "第二条")
    _message(member, "已读", read=True)
    _message(UserFactory(), "别人的")
    nav = _header(client.get("/accounts/messages/")).select_one("[data-account-nav]")
    assert nav.select_one("[data-account-user]").get_text(strip=True).startswith("kiln-chen")
    assert nav.select_one("[data-account-organisation]").get_text() == "瑶里古窑瓷业有限公司"
    messages_link = nav.select_one("a[href='/accounts/messages/']")
    assert messages_link["data-unread"] == "2"
    assert "2" in messages_link.select_one(".badge").get_text()
    # Signing out is a POST with the CSRF token (Django 5 refuses a GET).
    form = nav.select_one("form")
    assert (form["method"], form["action"]) == ("post", "/accounts/logout/")
    assert form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert nav.select("a[href='/accounts/login/']") == []


def test_signing_out_from_the_header_form():
    user = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = BeautifulSoup(browser.get("/accounts/messages/").content, "html.parser")
    token = page.select_one(".site-header form input[name=csrfmiddlewaretoken]")["value"]
    assert browser.post("/accounts/logout/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert browser.get("/accounts/messages/").status_code == 302  # to the sign-in page


def test_my_messages_newest_first_with_date_body_and_link(client, member):
    _message(member, "旧消息", minutes_ago=60, link="http://testserver/apply/7/review/")
    _message(member, "新消息", minutes_ago=1)
    _message(UserFactory(), "别人的")
    page = BeautifulSoup(client.get("/accounts/messages/").content, "html.parser")
    items = page.select("[data-inbox] > li")
    assert [i.select_one(".inbox__subject").get_text(strip=True)[-3:] for i in items] == [
        "新消息",
        "旧消息",
    ]
    old = items[1]
    assert old.select_one("time")["datetime"]
    assert "旧消息的正文" in old.get_text()
    # The portal's own link stays on the host the page came from.
    assert old.select_one("[data-message-link]")["href"] == "/apply/7/review/"
    assert [i["data-read"] for i in items] == ["0", "0"]


def test_opening_a_message_marks_it_read_and_others_messages_are_not_found(client, member):
    message = _message(member, "补正通知")
    other = _message(UserFactory(), "别人的")
    response = client.get(f"/accounts/messages/{message.pk}/")
    assert response.status_code == 200
    assert "补正通知的正文" in response.content.decode()
    message.refresh_from_db()
    assert message.read_at is not None
    assert client.get(f"/accounts/messages/{other.pk}/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
    assert (
        _header(client.get("/accounts/messages/")).select_one("a[href='/accounts/messages/']")[
            "data-unread"
        ]
        == "0"
    )


def test_mark_all_read(client, member):
    _message(member, "一")
    _message(member, "二")
    assert client.post("/accounts/messages/read/").status_code == 302
    assert inbox_unread_count(user=member) == 0


def test_the_unread_count_is_one_query(member, django_assert_num_queries):
    for n in range(5):
        _message(member, f"消息{n}")
    with django_assert_num_queries(1):
        assert inbox_unread_count(user=member) == 5


def test_my_messages_needs_signing_in(client):
    response = client.get("/accounts/messages/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
