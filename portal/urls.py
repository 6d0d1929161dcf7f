from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from applications.urls import accounts_patterns, application_patterns
from applications.views import publicity as publicity_views
from cms.views import guide
from evaluations.urls import unit_patterns
from evaluations.views import public as unit_public_views

from . import views
from .api import api
from .feeds import NoticeFeed, PublicityFeed
from .search import views as search_views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Feeds, sitemap and robots.txt have one address, whatever the language.
    path("feeds/notices.atom", NoticeFeed(), name="feed_notices"),
    path("feeds/publicity.atom", PublicityFeed(), name="feed_publicity"),
    # The open data API: JSON, one address whatever the language.
    path("api/v1/", api.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page links: the SVG icon.
    path("favicon.ico", views.favicon, name="favicon"),
    # Before Wagtail's own: the same view, limited per address.
    path("admin/login/", views.admin_login, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Public pages: Chinese without a prefix, English under /en/. Wagtail's page
# routing comes last and catches everything else.
urlpatterns += i18n_patterns(
    path("accounts/", include(accounts_patterns)),
    path("apply/", include(application_patterns)),
    path("units/", include(unit_patterns)),
    path("guide/", guide.guide, name="guide"),
    path("search/", search_views.search, name="search"),
    # Forms at the address of a public page: routed here, the views are the
    # domain's (the public site's pages are Wagtail's, below).
    path(
        "publicity/<slug:slug>/objection/",
        publicity_views.objection_form,
        name="publicity_objection",
    ),
    path(
        "publicity/<slug:slug>/follow/", publicity_views.objection_follow, name="publicity_follow"
    ),
    path("verify/<str:code>/", unit_public_views.unit_verify, name="unit_verify"),
    path(
        "directory/<str:code>/self-assessment/<int:year>/",
        unit_public_views.assessment_public,
        name="unit_assessment",
    ),
    path(
        "directory/<str:code>/self-assessment/<int:year>/report/",
        unit_public_views.assessment_public_report,
        name="unit_assessment_report",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
