"""Finding 11 and the issue's "two-factor sign-in for staff": whoever may
open the admin confirms a one-time code (TOTP, or a single-use recovery
code) after the password — required under production settings, optional
otherwise — and wrong codes are throttled, counted by axes and logged."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from applications.roles import Role
from portal.core.twofactor.services import totp_enrolment_begin, totp_enrolment_confirm
from tests.factories import UserFactory
from tests.portal.test_settings import PRODUCTION_ENV, manage, read_settings

pytestmark = pytest.mark.django_db

VERIFY = "/admin/two-step/verify/"
ENROL = "/admin/two-step/set-up/"
# The start of a 30-second TOTP step, so that "the next code" is 30 s on.
NOON = datetime.datetime(2026, 5, 6, 4, 0, 0, tzinfo=datetime.UTC)
STAFF_PAGES = ["/admin/", "/admin/account/", "/admin/applications_review/"]


@pytest.fixture
def required(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def code_of(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    """Sets up an authenticator for ``user`` (at the clock's time)."""
    device = totp_enrolment_begin(user=user)
    return totp_enrolment_confirm(user=user, device_id=device.pk, code=code_of(device))


def log_actions(user) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )


def test_staff_without_a_verified_code_cannot_open_admin_pages(client, required):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    client.force_login(reviewer)
    for page in STAFF_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(ENROL), page
    # With an authenticator set up (another session), the code is asked.
    enrolled(reviewer)
    client.force_login(reviewer)
    for page in STAFF_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(VERIFY), page


def test_enrolment_with_a_real_totp_code_then_recovery_codes(client, required, clock):
    expert = UserFactory(roles=[Role.EXPERT])
    client.force_login(expert)
    page = client.get(ENROL + "?next=/admin/account/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=expert, confirmed=False)
    # A wrong first code sets nothing up.
    assert client.post(ENROL, {"device": device.pk, "code": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=expert, confirmed=True).exists()
    clock.shift(2)  # django-otp's back-off after a wrong code: 1 s
    done = client.post(ENROL, {"device": device.pk, "code": code_of(device), "next": "/admin/"})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert code.encode() in done.content
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert StaticToken.objects.filter(device__user=expert).count() == 10
    assert "portal.twofactor.enrol" in log_actions(expert)
    # This session is verified now; the set-up page does not show a new secret.
    assert client.get("/admin/").status_code == 200
    assert client.get(ENROL).status_code == 302
    assert TOTPDevice.objects.filter(user=expert).count() == 1


def test_a_wrong_code_is_refused_and_logged_and_the_right_one_admits(client, required, clock):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    device, _codes = enrolled(reviewer)
    clock.shift(30)  # the next code: a code is accepted once
    client.force_login(reviewer)
    wrong = client.post(VERIFY, {"code": "123456", "next": "/admin/account/"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["code"]
    assert client.get("/admin/").status_code == 302
    assert log_actions(reviewer).count("portal.twofactor.fail") == 1
    # Within django-otp's back-off even the right code waits.
    refused = client.post(VERIFY, {"code": code_of(device)})
    assert refused.status_code == 200
    assert client.get("/admin/").status_code == 302
    clock.shift(5)
    admitted = client.post(VERIFY, {"code": code_of(device), "next": "/admin/account/"})
    assert admitted.status_code == 302
    assert admitted["Location"] == "/admin/account/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, required, clock):
    admin = UserFactory(roles=[Role.ADMIN])
    _device, codes = enrolled(admin)
    client.force_login(admin)
    assert client.post(VERIFY, {"code": codes[0].upper()}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "portal.twofactor.recovery_use" in log_actions(admin)
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    # A new sign-in: the used code is refused.
    client.logout()
    client.force_login(admin)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_login_off_site_next_is_not_followed(client, required, clock):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    device, _codes = enrolled(reviewer)
    clock.shift(30)
    client.force_login(reviewer)
    response = client.post(VERIFY, {"code": code_of(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_home")


def test_wrong_codes_lock_the_account_and_sign_the_session_out(client, settings, required, clock):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER], username="reviewer-locked")
    enrolled(reviewer)
    client.force_login(reviewer)
    settings.AXES_ENABLED = True
    responses = []
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        clock.shift(120)
        responses.append(client.post(VERIFY, {"code": "111111"}).status_code)
    assert responses[-1] == 429
    assert responses[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.filter(username="reviewer-locked").exists()
    # Even the password is refused now, until an administrator unlocks.
    login = client.post(
        "/admin/login/", {"username": "reviewer-locked", "password": "Jdz-test-2026"}
    )
    assert login.status_code == 429


def test_staff_are_asked_on_every_page_and_applicants_never(client, required):
    # A reviewer's file downloads live under /apply/: the gate is not only /admin/.
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    assert client.get("/apply/")["Location"].startswith(ENROL)
    applicant = UserFactory(roles=[Role.APPLICANT])
    client.force_login(applicant)
    response = client.get("/apply/")
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    # The admin stays closed to them as before, not a two-step page.
    admin = client.get("/admin/")
    assert not admin.get("Location", "").startswith((VERIFY, ENROL))


def test_setting_off_the_admin_opens_as_before_and_enrolment_is_voluntary(client, clock):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    client.force_login(reviewer)
    home = client.get("/admin/")
    assert home.status_code == 200
    account = client.get("/admin/account/")
    assert ENROL.encode() in account.content  # "set up two-step verification"
    # Once set up, the code is asked at the next sign-in.
    enrolled(reviewer)
    clock.shift(30)
    client.force_login(reviewer)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_an_administrator_resets_a_lost_authenticator(client, required, clock):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    device, _codes = enrolled(reviewer)
    admin = UserFactory(roles=[Role.ADMIN])
    enrolled(admin)
    clock.shift(30)
    # Another reviewer may not (404, as for a device that does not exist).
    other = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    _other_device, other_codes = enrolled(other)
    client.force_login(other)
    client.post(VERIFY, {"code": other_codes[0]})
    reset = f"/admin/staff_authenticators/reset/{device.pk}/"
    assert client.post(reset).status_code == 404
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client.force_login(admin)
    admin_device = TOTPDevice.objects.get(user=admin)
    client.post(VERIFY, {"code": code_of(admin_device)})
    assert client.get("/admin/staff_authenticators/").status_code == 200
    assert client.get(reset).status_code == 200
    assert client.post(reset).status_code == 302
    assert not TOTPDevice.objects.filter(user=reviewer).exists()
    assert not StaticToken.objects.filter(device__user=reviewer).exists()
    entry = ModelLogEntry.objects.get(action="portal.twofactor.reset", object_id=str(reviewer.pk))
    assert entry.user_id == admin.pk
    # The reviewer's next sign-in sets up a new authenticator.
    client.force_login(reviewer)
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_production_requires_two_factor_and_refuses_to_turn_it_off():
    values = read_settings(
        "portal.settings.production", ["STAFF_TWO_FACTOR_REQUIRED"], **PRODUCTION_ENV
    )
    assert values["STAFF_TWO_FACTOR_REQUIRED"] is True
    result = manage(
        "portal.settings.production", "check", **PRODUCTION_ENV, STAFF_TWO_FACTOR_REQUIRED="false"
    )
    assert result.returncode != 0
    assert "STAFF_TWO_FACTOR_REQUIRED" in result.stderr
