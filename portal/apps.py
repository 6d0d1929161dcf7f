from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project package: the composition root (URLs, Celery, WSGI/ASGI),
    the open data API, site search, feeds and demo data on top, and the
    core (``portal.core``: calendar, notifications, PDFs, rate limits…)
    beneath every domain app."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from .core import cache
        from .search import registry, signals

        signals.connect()
        registry.search_units_register()
        cache.page_cache_connect()
