"""Notifications: inbox and outbox, and an email that survives a broker
outage and is sent once."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core import mail

from portal.celery import app as celery_app
from portal.core.models import InboxMessage, OutboxEmail
from portal.core.notifications import NotificationEvent, notify, outbox_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestEvent(NotificationEvent):
    """Events of the tests, declared as the apps declare theirs."""

    __test__ = False  # not a test class for pytest
    PLAIN = ("test.event", "主题", "正文")
    OUTAGE = ("test.outage", "补正通知 %(number)s", "请补正 %(number)s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def test_inbox_and_outbox(django_capture_on_commit_callbacks):
    user = UserFactory(email="potter@example.invalid")
    silent = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        reached = notify(recipients=[user, silent, user], event=TestEvent.PLAIN, about=user)
    assert sorted(reached) == sorted([user.username, silent.username])
    assert InboxMessage.objects.filter(recipient=user).count() == 1
    assert InboxMessage.objects.filter(recipient=silent).count() == 1
    assert [m.to for m in mail.outbox] == [["potter@example.invalid"]]
    email = OutboxEmail.objects.get()
    assert (email.subject, email.event) == ("主题", "test.event")
    # The message, then the absolute link of the page it concerns (issue 15).
    message = InboxMessage.objects.get(recipient=user)
    assert (message.body, message.link) == ("正文", "http://testserver/apply/")
    assert email.body.startswith("正文\n\n") and email.body.endswith(message.link)
    assert email.sent_at is not None


def test_an_email_queued_while_the_broker_is_down_is_sent_once_after(
    monkeypatch, django_capture_on_commit_callbacks
):
    """A broker of the test's own (a second redis-server) is stopped while a
    notification is committed; the email waits in the outbox, and once the
    broker is back the beat task sends it, once."""
    port = free_port()
    redis = start_redis(port)
    url = f"redis://127.0.0.1:{port}/0"
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_connection_retry", False)
    monkeypatch.setitem(celery_app.conf, "broker_connection_timeout", 1)
    user = UserFactory(email="glazer@example.invalid")
    try:
        redis.terminate()
        redis.wait(timeout=10)
        with django_capture_on_commit_callbacks(execute=True):
            notify(
                recipients=[user],
                event=TestEvent.OUTAGE,
                about=user,
                context={"number": "JDZ-JD-2026-0001"},
            )
        email = OutboxEmail.objects.get()
        assert email.subject == "补正通知 JDZ-JD-2026-0001"
        assert email.sent_at is None  # the broker could not take it; nothing lost
        assert mail.outbox == []

        redis = start_redis(port)
        # What Celery beat runs every minute (portal.core.tasks.outbox_send).
        assert outbox_send() == 1
        assert outbox_send() == 0
        email.refresh_from_db()
        assert email.sent_at is not None and email.attempts == 1
        assert [m.to for m in mail.outbox] == [["glazer@example.invalid"]]
    finally:
        redis.terminate()
        redis.wait(timeout=10)
