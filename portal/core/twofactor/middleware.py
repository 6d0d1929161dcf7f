"""The gate in front of staff pages: a staff member signed in with a
password but without a verified second factor is sent to the code page
(or, when required and none is set up yet, to setting one up)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from .selectors import second_factor_due

# What a half-signed-in staff member may still open: signing in and out,
# the two-step pages themselves and what the admin's pages load.
OPEN_URL_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_sprite",
        "wagtailadmin_javascript_catalog",
        "portal_twofactor_verify",
        "portal_twofactor_enrol",
        "accounts:login",
        "accounts:logout",
        "healthz",
    }
)
TARGETS = {"verify": "portal_twofactor_verify", "enrol": "portal_twofactor_enrol"}


class StaffTwoFactorMiddleware:
    """After django-otp's OTPMiddleware (which knows whether the session
    is verified). Every page counts, not only /admin/: a reviewer's file
    downloads live under /apply/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._gate(request)
        return redirect if redirect is not None else self.get_response(request)

    def _gate(self, request):
        # Anonymous readers carry no session cookie: their session (and the
        # public page cache's Vary) stays untouched.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return None
        if request.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
            return None
        due = second_factor_due(user=request.user)
        if due is None or self._open(request):
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(TARGETS[due])}?{query}")

    @staticmethod
    def _open(request) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in OPEN_URL_NAMES
