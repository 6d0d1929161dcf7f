"""Sign-in follows the 等保 2.0 baseline: lockout, password kinds, idle
sessions, and a record of every sign-in, failure and sign-out."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from portal.core.passwords import character_kinds
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Jdz-test-2026"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    yield
    AccessAttempt.objects.all().delete()


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_failures_lock_the_account_for_30_minutes(client, axes_on):
    user = UserFactory(username="potter")
    for _ in range(5):
        assert sign_in(client, "potter", "wrong-Password-1").status_code in (200, 429)
    # Even the right password is refused now, with the reason.
    response = sign_in(client, "potter", PASSWORD)
    assert response.status_code == 429
    assert "锁定 30 分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="potter").count() >= 5
    # Another account is not locked by it.
    UserFactory(username="glazer")
    assert sign_in(client, "glazer", PASSWORD).status_code == 302
    assert user.pk  # the locked user still exists, nothing deleted


def test_the_lock_ends_after_30_minutes(client, axes_on):
    UserFactory(username="kiln")
    for _ in range(5):
        sign_in(client, "kiln", "wrong-Password-1")
    assert sign_in(client, "kiln", PASSWORD).status_code == 429
    later = timezone.now() + datetime.timedelta(minutes=31)
    import time_machine

    with time_machine.travel(later, tick=False):
        assert sign_in(client, "kiln", PASSWORD).status_code == 302


def test_sign_in_and_out_are_recorded(client, axes_on):
    UserFactory(username="painter")
    assert sign_in(client, "painter", PASSWORD).status_code == 302
    assert AccessLog.objects.filter(username="painter", logout_time__isnull=True).exists()
    client.post("/accounts/logout/")
    assert AccessLog.objects.filter(username="painter", logout_time__isnull=False).exists()


def test_password_kinds():
    assert character_kinds("abcdefgh") == 1
    assert character_kinds("abcd1234") == 2
    assert character_kinds("Abcd1234") == 3
    assert character_kinds("Abcd-1234") == 4


def test_idle_sessions_end_after_30_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_purge_never_deletes_entries_younger_than_six_months():
    user = UserFactory()
    old = ModelLogEntry.objects.log_action(user, "portal.account.register")
    ModelLogEntry.objects.filter(pk=old.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=400)
    )
    young = ModelLogEntry.objects.log_action(user, "portal.account.verify_email")
    ModelLogEntry.objects.filter(pk=young.pk).update(
        timestamp=timezone.now() - datetime.timedelta(days=150)
    )
    with pytest.raises(CommandError) as info:
        call_command("purge_audit", "--older-than", "90")
    assert info.value.returncode == 2
    assert ModelLogEntry.objects.filter(pk=young.pk).exists()

    out = StringIO()
    call_command("purge_audit", "--older-than", "365", stdout=out)
    assert not ModelLogEntry.objects.filter(pk=old.pk).exists()
    assert ModelLogEntry.objects.filter(pk=young.pk).exists()
    assert "wagtail.ModelLogEntry: 1" in out.getvalue()


def test_registration_is_rate_limited_per_address(client):
    for _ in range(10):
        assert client.post("/accounts/register/", {"username": ""}).status_code == 200
    response = client.post("/accounts/register/", {"username": ""})
    assert response.status_code == 429
    assert "尝试次数过多" in response.content.decode()
    # Reading the form is never limited.
    assert client.get("/accounts/register/").status_code == 200
