"""Rate limits of the portal: the client's address as the trusted proxies in
front of gunicorn give it, and django-ratelimit's counters in the shared
cache, keyed by that address (or by a hashed contact, or by a target).

Only a proxy listed in TRUSTED_PROXIES is believed about who its client
is: anyone else can write any X-Forwarded-For, and rotating it would make
every request a new client (issue 13, finding 1)."""

import ipaddress
from collections.abc import Callable
from functools import lru_cache, wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage, is_ratelimited

# An IPv6 subscriber is given a whole /64 and may rotate its addresses
# freely inside it: the limits count the network, not the address.
IPV6_PREFIX = 64

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(value: str) -> Address | None:
    """Returns the address in ``value`` (an IPv4 address with a port, or a
    bracketed IPv6 one, as some proxies write them), or None."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address) -> bool:
    return any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_address(request: HttpRequest) -> str:
    """Returns the address of the client: REMOTE_ADDR, unless that is a
    trusted proxy (TRUSTED_PROXIES); then X-Forwarded-For is read from the
    right — each trusted proxy appends the address it was connected from —
    and the first address that is not a trusted proxy is the client. An
    entry that is not an address stops the walk at the last proxy."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        # A unix socket: every such request shares one address, so the
        # limits err on the strict side.
        return request.META.get("REMOTE_ADDR", "") or "unknown"
    client = remote
    if not _trusted(remote):
        return str(remote)
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:
            break
        client = address
        if not _trusted(address):
            break
    return str(client)


def client_key(group: str, request: HttpRequest) -> str:
    """The key django-ratelimit counts a client by: its address, or its
    /64 network for IPv6 (see IPV6_PREFIX)."""
    address = client_address(request)
    if ":" in address:
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False).network_address)
    return address


def fixed_key(value: str) -> Callable[[str, HttpRequest], str]:
    """A django-ratelimit key that counts by ``value`` (a hashed contact, a
    target's id) whoever sends the request."""
    return lambda group, request: value


def limit_count(request: HttpRequest, *, group: str, rate: str, key=client_key) -> bool:
    """Counts one use of ``group`` by ``key`` (the client's address unless
    given) and returns True if that is more than ``rate`` allows (e.g.
    "10/h", "30/10m"; see django-ratelimit)."""
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


def limit_reached(request: HttpRequest, *, group: str, rate: str, key=client_key) -> bool:
    """Returns True if ``group`` has already been used by ``key`` as often
    as ``rate`` allows, without counting a use (for limits that count only
    what succeeds: count those with limit_count)."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def too_many(request: HttpRequest, message: str) -> HttpResponse:
    """The portal's 429 page, saying ``message``."""
    return render(request, "rate_limited.html", {"message": message}, status=429)


def limit_posts(*, group: str, rate: str) -> Callable:
    """Decorates a view so that the POSTs from one client address beyond
    ``rate`` get the 429 page instead; reading the page is never limited."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and limit_count(request, group=group, rate=rate):
                return too_many(
                    request,
                    _("Too many attempts from your address. Please wait and try again later."),
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
