from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from applications.urls import accounts_patterns, application_patterns
from cms import views as cms_views
from evaluations.urls import unit_patterns

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
    path("guide/", cms_views.guide, name="guide"),
    path("search/", search_views.search, name="search"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
