"""The cache of public pages for anonymous readers.

Most of the portal's traffic is the public reading the same pages — the
home page, notices, the measures, publicity lists, the directory — without
an account. ``PublicPageCacheMiddleware`` keeps each such page, as sent to
an anonymous reader, in the shared cache (Redis in production) under its
address and language, and answers the next anonymous request for it
without running the view or touching the database.

The address an entry is kept under is the path and only the query
parameters some public view reads (``page_cache_params_declare``: the
directory's filters, a listing's page…); any other parameter is ignored,
so ``?x=<random>`` is served the page kept for the path and makes no new
entry. A page is kept with parameters only if its own view declares each
of them, and at most VARIANTS_PER_PATH such variants of one path, so a
declared parameter's random values cannot fill the cache either.

What is never kept or served from the cache:

- requests by anyone signed in, or carrying a session or pending messages
  (the session cookie is enough to tell, without reading the session);
- anything but GET, and anything but a 200 answer of a public view
  (Wagtail pages, feeds, the sitemap, robots.txt — ``CACHED_VIEWS``);
- answers that set a cookie, and pages with a form carrying a CSRF token:
  the objection form and follow-up page of a publicity list and the comment
  page of a self-assessment (``FORM_ROUTES``) are sent ``private, no-store``.

Every entry is stamped with a version read when the request began; a change
the public can see (a page published, unpublished, moved or deleted; a
candidate list published or closed; an objection decided; a unit
established…) replaces the version, so every entry becomes stale at once
(``page_cache_invalidate``). Entries live at most five minutes and never
past midnight, Beijing time, when publicity windows open and close and
"working days left" changes; browsers may keep a page for a minute.
"""

import datetime
import hashlib
import logging
import re
import time
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import quote_etag, urlencode

SHANGHAI = ZoneInfo("Asia/Shanghai")
# How long the server keeps a page at most, and browsers and proxies.
PAGE_CACHE_SECONDS = 300
BROWSER_MAX_AGE = 60
VERSION_KEY = "pagecache:version"
ENTRY_PREFIX = "pagecache:page:"
# The views whose anonymous GET answers are the same for every reader.
CACHED_VIEWS = frozenset(
    {"wagtail_serve", "feed_notices", "feed_publicity", "sitemap", "robots_txt"}
)
# How many variants with query parameters of one path are kept at most
# (per version of the pages): the directory's filter combinations fit.
VARIANTS_PER_PATH = 100
# Routes of public pages that carry a form with a CSRF token.
FORM_ROUTES = re.compile(r"/(objection|follow)/$|/self-assessment/\d+/$")
HEADER = "X-Page-Cache"

logger = logging.getLogger(__name__)

# The query parameters each public view reads, by URL name or, for Wagtail's
# pages, by page model label; the composition root declares them.
_query_params: dict[str, frozenset[str]] = {}
# Their union: the only parameters an entry's address is made of.
_keyed_params: frozenset[str] = frozenset()


def page_cache_params_declare(*, params: dict[str, tuple[str, ...]]) -> None:
    """Declares the query parameters each cached view reads: ``params``
    maps a URL name ("sitemap") or a page model label
    ("cms.NoticeIndexPage") to the names of its parameters. Replaces any
    earlier declaration. Parameters no view declares never make a new
    entry."""
    global _keyed_params
    _query_params.clear()
    _query_params.update({name: frozenset(names) for name, names in params.items()})
    _keyed_params = frozenset().union(*_query_params.values())


def _seconds_to_midnight(now: datetime.datetime | None = None) -> int:
    now = (now or timezone.now()).astimezone(SHANGHAI)
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=SHANGHAI
    )
    return int((midnight - now).total_seconds())


def page_cache_timeout(now: datetime.datetime | None = None) -> int:
    """Returns how many seconds a page kept now may be served: at most
    PAGE_CACHE_SECONDS and never past the next midnight, Beijing time
    (0 in the last second of the day)."""
    return min(PAGE_CACHE_SECONDS, _seconds_to_midnight(now))


def page_cache_invalidate() -> None:
    """Makes every kept page stale: now, so that the writer's own next
    request sees its change, and again once the transaction commits, since
    a reader may have kept the old page in between."""
    _version_replace()
    transaction.on_commit(_version_replace)


def _version_replace() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # A cache that is down keeps no pages either; publishing must not
        # fail for it. Entries it still holds when it is back expire
        # within PAGE_CACHE_SECONDS.
        logger.warning("page cache: could not replace the version", exc_info=True)


def _keyed_query(request: HttpRequest) -> list[tuple[str, str]]:
    """Returns the request's parameters that some view declares, sorted:
    the part of the query string an entry's address is made of."""
    return sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in _keyed_params
        for value in values
    )


def _entry_key(request: HttpRequest) -> str | None:
    try:
        url = f"{request.scheme}://{request.get_host()}{request.path}"
    except Exception:  # DisallowedHost: leave the answer to Django
        return None
    query = urlencode(_keyed_query(request))
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    digest = hashlib.sha256(f"{language}\n{url}\n{query}".encode()).hexdigest()
    return ENTRY_PREFIX + digest


def _declared_params(request: HttpRequest, response: HttpResponse) -> frozenset[str]:
    """Returns the query parameters the view that answered declares: a
    Wagtail page's by its model (the page is in the template's context),
    another view's by its URL name."""
    match = request.resolver_match
    if match.url_name == "wagtail_serve":
        page = (getattr(response, "context_data", None) or {}).get("page")
        name = page._meta.label if page is not None else ""
    else:
        name = match.url_name
    return _query_params.get(name, frozenset())


def _variant_allowed(
    request: HttpRequest, response: HttpResponse, version: str, timeout: int
) -> bool:
    """Returns whether the answer to ``request`` may be kept: always without
    query parameters; with them, if the view declares each one and the
    path has had fewer than VARIANTS_PER_PATH variants kept in this
    version (counted in the cache, for every process)."""
    names = {name for name, _value in _keyed_query(request)}
    if not names:
        return True
    if not names <= _declared_params(request, response):
        return False
    counter = (
        f"{ENTRY_PREFIX}variants:{version}:" + hashlib.sha256(request.path.encode()).hexdigest()
    )
    cache.add(counter, 0, timeout=timeout)
    return cache.incr(counter) <= VARIANTS_PER_PATH


def _anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _may_use_cache(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and _anonymous(request)
        and "HTTP_AUTHORIZATION" not in request.META
        and not FORM_ROUTES.search(request.path_info)
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    match = getattr(request, "resolver_match", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and match is not None
        and match.url_name in CACHED_VIEWS
        # A page that used a CSRF token has a form for this reader only.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def _public_headers(response: HttpResponse, timeout: int) -> None:
    patch_cache_control(response, public=True, max_age=min(BROWSER_MAX_AGE, timeout))
    # Signed-in readers get other pages at the same address.
    patch_vary_headers(response, ["Cookie"])


def _lookup(key: str) -> tuple[str, dict | None]:
    """Returns the current version and the entry at ``key`` if it is of
    that version; one round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        # Evicted or never set: a new version, so no older entry is trusted.
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)
        return version, None
    entry = found.get(key)
    if entry is None or entry.get("version") != version:
        return version, None
    # The cache server's own expiry runs on its clock; this one runs on
    # ours (and so follows a test's travelled clock past midnight too).
    if time.time() >= entry.get("expires", 0):
        return version, None
    return version, entry


def _store(key: str, version: str, response: HttpResponse, timeout: int) -> None:
    """Keeps the response with its final headers (ETag, Cache-Control,
    Vary), so that a hit has little left to do."""
    response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    _public_headers(response, timeout)
    cache.set(
        key,
        {
            "version": version,
            "expires": time.time() + timeout,
            "status": response.status_code,
            "content": response.content,
            "headers": {
                name: value
                for name, value in response.headers.items()
                if name.lower() not in ("set-cookie", HEADER.lower())
            },
        },
        timeout=timeout,
    )


def _from_entry(request: HttpRequest, entry: dict, timeout: int) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"], headers=entry["headers"])
    if timeout < BROWSER_MAX_AGE:
        # Browsers too must not keep it past midnight.
        _public_headers(response, timeout)
    response[HEADER] = "hit"
    return _conditional(request, response)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    # 304 Not Modified when the reader already has this version.
    if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
        return response
    not_modified = get_conditional_response(request, etag=response["ETag"], response=response)
    return not_modified or response


class PublicPageCacheMiddleware:
    """Serves anonymous readers the public pages kept in the cache, and
    keeps those it renders for them (see the module's docstring). Goes
    early in MIDDLEWARE, after WhiteNoise: a page served from the cache
    needs no session, user or database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _entry_key(request) if _may_use_cache(request) else None
        if key is None:
            return self._not_kept(request, self.get_response(request))
        timeout = page_cache_timeout()
        try:
            version, entry = _lookup(key)
        except Exception:
            # The cache is down: serve the page as if there were none
            # (/healthz must still answer, with 503).
            logger.warning("page cache: lookup failed", exc_info=True)
            return self._not_kept(request, self.get_response(request))
        if entry is not None and timeout > 0:
            return _from_entry(request, entry, timeout)
        response = self.get_response(request)
        if timeout > 0 and _storable(request, response):
            try:
                if not _variant_allowed(request, response, version, timeout):
                    return self._not_kept(request, response)
                _store(key, version, response, timeout)
            except Exception:
                logger.warning("page cache: could not keep %s", request.path, exc_info=True)
                return self._not_kept(request, response)
            response[HEADER] = "miss"
            return _conditional(request, response)
        return self._not_kept(request, response)

    def _not_kept(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if FORM_ROUTES.search(request.path_info) or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            # A form with this reader's CSRF token: never kept, anywhere.
            patch_cache_control(response, private=True, no_store=True)
        elif not _anonymous(request) and "Cache-Control" not in response:
            # Signed in: the page may show what is theirs only.
            patch_cache_control(response, private=True, no_cache=True)
        return response


# Invalidation -----------------------------------------------------------------


def _invalidate(sender=None, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    if kwargs.get("created") and sender is not None and sender._meta.label == "cms.PortalSettings":
        # Made with its defaults on a page's first render: nothing changes
        # that the page did not already show.
        return
    page_cache_invalidate()


def _m2m_changed(sender=None, action="", **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        page_cache_invalidate()


def page_cache_connect(*, models: tuple[str, ...], m2m: tuple[str, ...] = ()) -> None:
    """Connects the signals after which kept pages are stale: Wagtail's
    page publishing, unpublishing, moves and deletions, any save or
    deletion of ``models`` and any change of the many-to-many fields
    ``m2m`` ("app.Model.field"). The composition root names them: the core
    knows no domain model."""
    # Imported here: this module is also the cache backend of the settings,
    # loaded before the apps are, when Wagtail's models cannot be imported.
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(_invalidate, dispatch_uid="pagecache-published")
    page_unpublished.connect(_invalidate, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(_invalidate, dispatch_uid="pagecache-moved")
    post_delete.connect(_invalidate, sender=Page, dispatch_uid="pagecache-page-deleted")
    for label in models:
        model = apps.get_model(label)
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"pagecache-save-{label}")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"pagecache-delete-{label}")
    for path in m2m:
        label, field = path.rsplit(".", 1)
        through = getattr(apps.get_model(label), field).through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"pagecache-{path}")


# The Redis cache backend -------------------------------------------------------


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, keeping one ``redis.Redis`` per
    connection pool instead of building a new one (with its table of some
    170 response callbacks) for every cache call — a fifth of the time of a
    page served from the cache. A client is safe to share: it takes a
    connection from the pool for each command."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    """Django's RedisCache with ReusingRedisCacheClient (settings.CACHES
    uses it whenever CACHE_URL names a Redis server)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
