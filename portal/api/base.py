"""How the open data API answers, whatever the resource: JSON in UTF-8,
cacheable with an ETag when successful, errors as ``{"detail": …}`` never
kept, and a rate limit per client address."""

import hashlib
import logging

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import Throttled
from ninja.renderers import JSONRenderer
from ninja.throttling import BaseThrottle

from portal.core.ratelimit import limit_count

API_CACHE_SECONDS = 300
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Far beyond any list the portal has; larger numbers overflow the database.
MAX_OFFSET = 1_000_000
# Per client address (portal.core.ratelimit: the trusted proxies decide
# whose X-Forwarded-For counts), in a fixed window of django-ratelimit.
RATE_LIMIT = 600
RATE_PERIOD = 3600

logger = logging.getLogger(__name__)


class UnicodeJSONRenderer(JSONRenderer):
    # Chinese as UTF-8, not \\u escapes: readable, and a third smaller.
    json_dumps_params = {"ensure_ascii": False}


class AddressThrottle(BaseThrottle):
    """At most RATE_LIMIT requests per client address in RATE_PERIOD
    seconds, counted in the shared cache like the public forms' limits."""

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            return not limit_count(request, group="api", rate=f"{RATE_LIMIT}/{RATE_PERIOD}s")
        except Exception:
            # The cache is down: open data stays open rather than failing.
            logger.warning("api: rate limit not counted", exc_info=True)
            return True


class PublicAPI(NinjaAPI):
    """A NinjaAPI whose successful answers say they may be cached by anyone
    for API_CACHE_SECONDS, with an ETag of their content; a request whose
    If-None-Match names it gets 304 Not Modified. Too many requests (429)
    and unknown objects (404) are answered in the reader's language."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            # Errors (404, 422, 429) are not worth keeping anywhere.
            patch_cache_control(response, no_store=True)
            return response
        patch_cache_control(response, public=True, max_age=API_CACHE_SECONDS)
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        return _conditional(request, response)

    def get_openapi_operation_id(self, operation) -> str:
        # The ids the schema gave when the API was the one module portal.api:
        # clients generated from it keep their method names whichever module
        # of the package an endpoint lives in.
        return f"portal_api_{operation.view_func.__name__}"

    def set_default_exception_handlers(self) -> None:
        super().set_default_exception_handlers()
        self.add_exception_handler(Throttled, self._throttled)
        self.add_exception_handler(Http404, self._not_found)

    def _throttled(self, request: HttpRequest, exc: Throttled) -> HttpResponse:
        return self.create_response(
            request,
            {
                "detail": _(
                    "Too many requests from your address (at most %(limit)d an hour). "
                    "Please wait and try again later."
                )
                % {"limit": RATE_LIMIT}
            },
            status=429,
        )

    def _not_found(self, request: HttpRequest, exc: Http404) -> HttpResponse:
        return self.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Returns 304 Not Modified when the request's If-None-Match names the
    response's ETag, else the response."""
    not_modified = get_conditional_response(request, etag=response["ETag"], response=response)
    return not_modified or response
