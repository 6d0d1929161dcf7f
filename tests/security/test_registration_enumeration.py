"""Finding 9 (enumeration): registration answers alike whether the chosen
username or address is in use — staff accounts included — and a clash is
told only to the address given; a new account opens only by its emailed
link, so signing in cannot tell either."""

import pytest
from django.contrib.auth import get_user_model

from applications.roles import Role
from applications.uscc import uscc_check_character
from tests.factories import UserFactory
from tests.registration import PASSWORD, activation_link, mailed_to, register_post

pytestmark = pytest.mark.django_db

FREE_CODE = "91360222MA35ENU01"
FREE_CODE = FREE_CODE + uscc_check_character(FREE_CODE)
OTHER_CODE = "91360222MA35ENU02"
OTHER_CODE = OTHER_CODE + uscc_check_character(OTHER_CODE)


def _answer(client, response) -> tuple[int, str, str]:
    """The status, where it leads and the page it leads to."""
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    return response.status_code, response.get("Location", ""), page


def test_a_staff_username_and_a_free_one_get_the_same_answer(client):
    staff = UserFactory(username="reviewer-li", roles=[Role.MUNICIPAL_REVIEWER])
    taken = register_post(client, "reviewer-li", uscc=FREE_CODE, email="probe@example.invalid")
    taken_answer = _answer(client, taken)
    free = register_post(client, "fresh-name", uscc=OTHER_CODE, email="probe@example.invalid")
    free_answer = _answer(client, free)

    assert taken_answer == free_answer
    assert taken_answer[0] == 302
    # Nothing was made of the clash, and the staff account is untouched.
    assert get_user_model().objects.filter(username__iexact="reviewer-li").count() == 1
    staff.refresh_from_db()
    assert staff.check_password("Jdz-test-2026") and staff.email == "reviewer-li@example.invalid"
    # Only the address given learns of it, without a link that opens anything.
    bodies = mailed_to("probe@example.invalid")
    assert len(bodies) == 2
    assert "/accounts/verify/" not in bodies[0]
    assert "/accounts/verify/" in bodies[1]


def test_an_address_in_use_gets_the_same_answer_and_no_second_account(client):
    UserFactory(username="potter", email="potter@example.invalid")
    used = register_post(client, "someone-new", uscc=FREE_CODE, email="POTTER@example.invalid")
    assert used.status_code == 302
    assert used["Location"] == "/accounts/register/sent/"
    assert not get_user_model().objects.filter(username="someone-new").exists()
    assert "_auth_user_id" not in client.session
    (body,) = mailed_to("POTTER@example.invalid")
    assert "/accounts/verify/" not in body


def test_a_new_account_signs_in_only_after_its_link(client):
    """Otherwise signing in with the name and password just chosen would
    tell whether the name was free."""
    response = register_post(client, "new-workshop", uscc=FREE_CODE)
    assert response["Location"] == "/accounts/register/sent/"
    assert "_auth_user_id" not in client.session
    assert not client.login(username="new-workshop", password=PASSWORD)
    refused = client.post("/accounts/login/", {"username": "new-workshop", "password": PASSWORD})
    UserFactory(username="old-workshop")
    wrong = client.post("/accounts/login/", {"username": "old-workshop", "password": PASSWORD})
    assert refused.status_code == wrong.status_code == 200
    assert refused.context["form"].errors == wrong.context["form"].errors

    assert client.get(activation_link("new-workshop@example.invalid")).status_code == 302
    assert client.login(username="new-workshop", password=PASSWORD)


def test_registering_again_before_the_link_sends_it_again_and_keeps_the_password(client):
    register_post(client, "new-workshop", uscc=FREE_CODE)
    again = register_post(
        client,
        "new-workshop",
        uscc=OTHER_CODE,
        password1="Other-pass-2026",
        password2="Other-pass-2026",
    )
    assert again["Location"] == "/accounts/register/sent/"
    assert get_user_model().objects.filter(username="new-workshop").count() == 1
    bodies = mailed_to("new-workshop@example.invalid")
    assert len(bodies) == 2 and all("/accounts/verify/" in body for body in bodies)
    client.get(activation_link("new-workshop@example.invalid"))
    assert client.login(username="new-workshop", password=PASSWORD)


def test_a_deactivated_account_is_not_reopened_by_registering_again(client):
    user = UserFactory(username="closed", email="closed@example.invalid")
    client.force_login(user)
    client.logout()
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    register_post(client, "closed", uscc=FREE_CODE, email="closed@example.invalid")
    (body,) = mailed_to("closed@example.invalid")
    assert "/accounts/verify/" not in body
    user.refresh_from_db()
    assert not user.is_active
