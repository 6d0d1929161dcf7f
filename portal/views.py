"""Views of the project package itself (not of a content app)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.admin.views.account import LoginView as AdminLoginView

from .core.health import run_checks
from .core.ratelimit import limit_posts


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Answers 200 with each dependency's status, or 503 when one is down."""
    checks = run_checks()
    healthy = all(c["status"] != "error" for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )


# The admin's sign-in, with the portal sign-in's limit per address (one
# window for both: staff and applicants sign in on either), before axes'
# lockout per account.
admin_login = limit_posts(group="login", rate="30/10m")(AdminLoginView.as_view())


# What crawlers are asked to keep out of: the admin, and the account and
# application pages in every language (private, and of no use in search).
ROBOTS_DISALLOWED = ["/admin/"]
ROBOTS_DISALLOWED_IN_EVERY_LANGUAGE = ["accounts/", "apply/"]


@require_GET
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Answers /favicon.ico, which browsers ask for whatever the page
    links, with the way to the portal's SVG icon."""
    return HttpResponseRedirect(static("cms/favicon.svg"))


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Answers robots.txt: everything may be crawled but the admin and the
    applicants' pages; names the sitemap by its absolute URL on the host
    asked."""
    # Chinese has no prefix, the other languages /<code>/ (i18n_patterns).
    prefixes = [
        "/" if code == settings.LANGUAGE_CODE else f"/{code}/" for code, _name in settings.LANGUAGES
    ]
    disallowed = ROBOTS_DISALLOWED + [
        prefix + path for prefix in prefixes for path in ROBOTS_DISALLOWED_IN_EVERY_LANGUAGE
    ]
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {path}" for path in disallowed),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
