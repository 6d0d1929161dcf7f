"""A fixed-window rate limit on the shared cache, for public forms."""

from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    """Returns the client's address as the proxy in front of gunicorn gives
    it (the first of X-Forwarded-For), else REMOTE_ADDR."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")


def rate_limited(*, scope: str, limit: int, period: int, key: str) -> bool:
    """Counts one use of ``scope`` by ``key`` and returns True if it is more
    than ``limit`` in the current window of ``period`` seconds."""
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, timeout=period)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=period)
        count = 1
    return count > limit


def limit_posts(*, scope: str, limit: int, period: int) -> Callable:
    """Decorates a view so that more than ``limit`` POSTs from one address in
    ``period`` seconds get a 429 page instead."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and rate_limited(
                scope=scope, limit=limit, period=period, key=client_address(request)
            ):
                return render(
                    request,
                    "rate_limited.html",
                    {
                        "message": _(
                            "Too many attempts from your address. Please wait and try again later."
                        )
                    },
                    status=429,
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
