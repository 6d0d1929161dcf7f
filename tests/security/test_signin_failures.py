"""Finding 11: failed sign-ins were recorded but no screen showed them.
Administrators now see failed sign-ins and locked accounts in the admin
and unlock an account (audit-logged); reviewers cannot."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from wagtail.models import ModelLogEntry

from applications.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Jdz-test-2026"
FAILURES = "/admin/signin_failures/"
LOCKED = "/admin/locked_accounts/"


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def admin_client(client):
    """An administrator's session (signed in before axes is switched on:
    the test client signs in without a request)."""
    client.force_login(UserFactory(roles=[Role.ADMIN], username="admin-wang"))
    return client


@pytest.fixture
def reviewer_client(client_factory):
    reviewer_client = client_factory()
    reviewer_client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    return reviewer_client


@pytest.fixture
def client_factory():
    return Client


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


def test_failed_sign_ins_are_listed_and_filtered(admin_client, client_factory, axes_on):
    UserFactory(username="potter")
    visitor = client_factory()
    sign_in(visitor, "potter", "wrong-Password-1")
    sign_in(visitor, "glazer-unknown", "wrong-Password-1", address="198.51.100.9")
    page = admin_client.get(FAILURES)
    assert page.status_code == 200
    assert b"potter" in page.content and b"glazer-unknown" in page.content
    by_name = admin_client.get(FAILURES, {"username": "pott"})
    assert b"potter" in by_name.content and b"glazer-unknown" not in by_name.content
    by_address = admin_client.get(FAILURES, {"ip_address": "198.51.100"})
    assert b"glazer-unknown" in by_address.content and b"potter" not in by_address.content


def test_an_administrator_unlocks_a_locked_account_and_it_is_logged(
    admin_client, client_factory, settings, axes_on
):
    kiln = UserFactory(username="kiln")
    visitor = client_factory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(visitor, "kiln", "wrong-Password-1")
    assert sign_in(visitor, "kiln", PASSWORD).status_code == 429
    listing = admin_client.get(LOCKED)
    assert listing.status_code == 200
    assert b"kiln" in listing.content
    attempt = AccessAttempt.objects.get(username="kiln")
    unlock = f"{LOCKED}unlock/{attempt.pk}/"
    assert unlock.encode() in listing.content
    assert admin_client.get(unlock).status_code == 200  # the confirmation
    done = admin_client.post(unlock)
    assert done.status_code == 302
    assert not AccessAttempt.objects.filter(username="kiln").exists()
    entry = ModelLogEntry.objects.get(action="portal.account.unlock")
    assert entry.object_id == str(kiln.pk)
    assert entry.user.username == "admin-wang"
    assert entry.data["username"] == "kiln"
    assert unlock.encode() not in admin_client.get(LOCKED).content
    assert sign_in(visitor, "kiln", PASSWORD).status_code == 302


def test_a_reviewer_can_neither_see_nor_unlock(
    admin_client, reviewer_client, client_factory, settings, axes_on
):
    UserFactory(username="painter")
    visitor = client_factory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(visitor, "painter", "wrong-Password-1")
    attempt = AccessAttempt.objects.get(username="painter")
    # The screens are there (an administrator's view) …
    assert admin_client.get(FAILURES).status_code == 200
    assert b"painter" in admin_client.get(LOCKED).content
    # … but a reviewer gets 404, as for a page that does not exist.
    assert reviewer_client.get(FAILURES).status_code == 404
    assert reviewer_client.get(LOCKED).status_code == 404
    unlock = f"{LOCKED}unlock/{attempt.pk}/"
    assert reviewer_client.get(unlock).status_code == 404
    assert reviewer_client.post(unlock).status_code == 404
    assert AccessAttempt.objects.filter(username="painter").exists()
    assert not ModelLogEntry.objects.filter(action="portal.account.unlock").exists()
    # Nor is the account security menu shown to them.
    assert b"signin_failures" not in reviewer_client.get("/admin/").content
    assert FAILURES.encode() in admin_client.get("/admin/").content


def test_an_account_not_locked_is_not_offered(admin_client, client_factory, axes_on):
    UserFactory(username="thrower")
    sign_in(client_factory(), "thrower", "wrong-Password-1")
    attempt = AccessAttempt.objects.get(username="thrower")
    listing = admin_client.get(LOCKED)
    assert listing.status_code == 200
    assert b"thrower" not in listing.content
    assert b"thrower" in admin_client.get(FAILURES).content
    assert admin_client.post(f"{LOCKED}unlock/{attempt.pk}/").status_code == 404
