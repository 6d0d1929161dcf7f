from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig

# Models whose changes the public pages show (a publicity list's window,
# state, objection count and outcomes; the directory; the footer; links to
# rendered PDFs): a change makes every kept page stale.
PAGE_CACHE_MODELS = (
    "applications.CandidateList",
    "applications.Objection",
    "applications.Organisation",
    "evaluations.ProtectedUnit",
    "evaluations.Approval",
    "evaluations.SelfAssessment",
    "portal.WorkingDayPeriod",
    # The measures page links its PDF once a Celery task has rendered it.
    "cms.MeasurePdf",
    "cms.PortalSettings",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
)
PAGE_CACHE_M2M = ("evaluations.ProtectedUnit.townships",)
# Issue 13 (inputs): the query parameters each cached public view reads, by
# page model or URL name; the page cache ignores every other parameter.
PAGE_CACHE_PARAMS = {
    "cms.NoticeIndexPage": ("page",),
    "cms.EvaluationReportIndexPage": ("page",),
    "cms.UnitDirectoryPage": ("kind", "category", "county", "status"),
    "sitemap": ("p",),
}


class PortalConfig(AppConfig):
    """The project package: the composition root (URLs, Celery, WSGI/ASGI),
    the open data API, site search, feeds and demo data on top, and the
    core (``portal.core``: calendar, notifications, PDFs, rate limits…)
    beneath every domain app."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Imported here so that these modules may import models, which exist only once apps load.
        from .core import cache, exports
        from .search import documents, signals

        documents.search_pages_register()
        documents.search_units_register()
        signals.connect()
        cache.page_cache_connect(models=PAGE_CACHE_MODELS, m2m=PAGE_CACHE_M2M)
        cache.page_cache_params_declare(params=PAGE_CACHE_PARAMS)
        exports.spreadsheet_formulas_escape()


class PortalUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app, with the screens of groups and users showing the
    roles' labels instead of their codes (applications.viewsets.groups)."""

    group_viewset = "applications.viewsets.groups.RoleGroupViewSet"
    user_viewset = "applications.viewsets.groups.RoleUserViewSet"
