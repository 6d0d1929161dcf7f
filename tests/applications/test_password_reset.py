"""Choosing a new password by email (issue 15, item 2): the sign-in page
links to it; a known address is mailed a one-time link through the outbox;
an unknown address gets the same answer and no email; requests are limited
per client address (429) and per address asked for (same answer, no more
emails)."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from portal.core.models import OutboxEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Qinghua-Ciqi-2027"
RESET_LINK = re.compile(r"https?://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)")


def _ask(client, email):
    return client.post("/accounts/password-reset/", {"email": email})


def _reset_links(email) -> list[str]:
    bodies = OutboxEmail.objects.filter(to=email).values_list("body", flat=True)
    return [m.group(1) for body in bodies for m in RESET_LINK.finditer(body)]


def test_the_sign_in_page_links_to_the_password_reset(client):
    page = BeautifulSoup(client.get("/accounts/login/").content, "html.parser")
    assert page.select_one("main a[href='/accounts/password-reset/']")


def test_a_known_address_gets_a_link_that_sets_a_new_password(client):
    user = UserFactory(username="kiln-li", email="li@example.invalid")
    response = _ask(client, "LI@example.invalid")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    [link] = _reset_links("li@example.invalid")
    email = OutboxEmail.objects.get(to="li@example.invalid")
    assert email.event == "account.password_reset" and "kiln-li" in email.subject
    # Django swaps the token for a session key, then shows the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/password-reset/done/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    # The link works once.
    again = client.get(link, follow=True)
    assert BeautifulSoup(again.content, "html.parser").select_one("[data-password-reset-invalid]")
    assert client.login(username="kiln-li", password=NEW_PASSWORD)


def test_an_unknown_address_gets_the_same_answer_and_no_email(client):
    UserFactory(email="known@example.invalid")
    known = _ask(client, "known@example.invalid")
    unknown = _ask(client, "nobody@example.invalid")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert not OutboxEmail.objects.filter(to="nobody@example.invalid").exists()
    sent = client.get(unknown["Location"])
    assert BeautifulSoup(sent.content, "html.parser").select_one("[data-password-reset-sent]")


def test_requests_for_one_address_are_limited_with_the_same_answer(client, still_clock):
    from applications.views.passwords import RESET_RATE_EMAIL

    limit = int(RESET_RATE_EMAIL.split("/")[0])
    UserFactory(email="flood@example.invalid")
    answers = {_ask(client, "flood@example.invalid")["Location"] for _ in range(limit + 2)}
    assert answers == {"/accounts/password-reset/sent/"}
    assert len(_reset_links("flood@example.invalid")) == limit


def test_requests_from_one_client_address_are_limited(client, still_clock):
    from applications.views.passwords import RESET_RATE_ADDRESS

    limit = int(RESET_RATE_ADDRESS.split("/")[0])
    codes = [_ask(client, f"n{n}@example.invalid").status_code for n in range(limit + 1)]
    assert codes == [302] * limit + [429]


def test_an_inactive_account_gets_no_link(client):
    UserFactory(email="closed@example.invalid", is_active=False)
    assert _ask(client, "closed@example.invalid").status_code == 302
    assert _reset_links("closed@example.invalid") == []
    assert get_user_model().objects.filter(email="closed@example.invalid").exists()
