"""Finding 1: the client's address comes from REMOTE_ADDR, and from
X-Forwarded-For only as far as trusted proxies wrote it (read from the
right); the sign-in records use the same address."""

import pytest
from axes.models import AccessFailureLog
from django.test import RequestFactory

from portal.core.ratelimit import client_address
from tests.factories import UserFactory

NGINX = "10.0.0.5"


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    assert client_address(request("198.51.100.7")) == "198.51.100.7"


def test_a_client_that_is_not_a_trusted_proxy_cannot_name_another(settings):
    settings.TRUSTED_PROXIES = [NGINX]
    assert client_address(request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_address_it_appended_is_the_client(settings):
    settings.TRUSTED_PROXIES = [NGINX]
    assert client_address(request(NGINX, "203.0.113.9")) == "203.0.113.9"
    # Whatever the client itself wrote before nginx appended its address.
    assert client_address(request(NGINX, "1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_address(request(NGINX, "not-an-address, 203.0.113.9")) == "203.0.113.9"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
    chain = "6.6.6.6, 203.0.113.9, 10.1.2.3, 2001:db8::1"
    assert client_address(request(NGINX, chain)) == "203.0.113.9"
    # Only proxies on the way: the leftmost address they passed on.
    assert client_address(request(NGINX, "10.9.9.9, 10.1.2.3")) == "10.9.9.9"
    # A proxy that passed on something that is not an address is the client.
    assert client_address(request(NGINX, "garbage, 10.1.2.3")) == "10.1.2.3"
    assert client_address(request(NGINX, "")) == NGINX


def test_ports_and_mapped_addresses_are_read_as_addresses(settings):
    settings.TRUSTED_PROXIES = [NGINX]
    assert client_address(request(NGINX, "203.0.113.9:52100")) == "203.0.113.9"
    assert client_address(request(NGINX, "[2001:db8::7]:443")) == "2001:db8::7"
    assert client_address(request("::ffff:198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.django_db
def test_failed_sign_ins_record_the_address_the_limits_count(client, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXIES = [NGINX]
    UserFactory(username="potter")
    credentials = {"username": "potter", "password": "wrong-Password-1"}
    client.post(
        "/accounts/login/",
        credentials,
        REMOTE_ADDR=NGINX,
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9",
    )
    client.post(
        "/accounts/login/", credentials, REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert sorted(AccessFailureLog.objects.values_list("ip_address", flat=True)) == [
        "198.51.100.7",
        "203.0.113.9",
    ]
