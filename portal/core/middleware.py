"""Refusal of NUL characters in a request's address.

No person types a NUL character (U+0000), and PostgreSQL stores and compares
no text that holds one: a NUL in the path or a query parameter that reaches
a query answered 500 (the search, the API's filters and unit codes). Forms
refuse NUL in what is posted (Django's CharField does); this refuses it in
the address, for every view at once, before the page cache or the database
is touched: 400 with a message — a page in the reader's language, or
``{"detail": …}`` under the open data API.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

NUL = "\x00"
# Addresses answered in JSON, like the API's own errors.
JSON_PREFIXES = ("/api/",)


def request_has_nul(request: HttpRequest) -> bool:
    """Returns whether the request's path or any query parameter's name
    or value holds a NUL character (percent-encoded or not)."""
    if NUL in request.path_info:
        return True
    return any(
        NUL in name or any(NUL in value for value in values) for name, values in request.GET.lists()
    )


def nul_refusal(request: HttpRequest) -> HttpResponse:
    """Returns the 400 answer to a request with a NUL character: JSON
    under JSON_PREFIXES, else a page. The language is the one the
    request's address or headers ask for (the locale middleware has not
    run yet)."""
    api = request.path_info.startswith(JSON_PREFIXES)
    language = (
        translation.get_language_from_request(request)
        if api
        else translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        message = _(
            "The address contains a NUL character (%(code)s), which no page accepts. "
            "Remove it and try again."
        ) % {"code": "U+0000"}
        if api:
            response = JsonResponse(
                {"detail": message}, status=400, json_dumps_params={"ensure_ascii": False}
            )
        else:
            response = HttpResponse(
                render_to_string("bad_request.html", {"message": message}, request=request),
                status=400,
            )
        response["Content-Language"] = language
    patch_cache_control(response, no_store=True)
    return response


class NulRefusalMiddleware:
    """Answers a request whose path or query string holds a NUL character
    with 400 and a message (``nul_refusal``), without running its view.
    Goes before the page cache in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request_has_nul(request):
            return nul_refusal(request)
        return self.get_response(request)


class AdminInChineseMiddleware:
    """The admin speaks the portal's language (Simplified Chinese) unless the
    staff member chose another in their account settings: LocaleMiddleware
    would follow the browser's Accept-Language (or the language cookie) on
    /admin/, which is outside the language-prefixed URLs, and Wagtail takes
    that language for everyone who chose none. Placed after LocaleMiddleware;
    Wagtail's own preference (UserProfile.preferred_language) still wins."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
