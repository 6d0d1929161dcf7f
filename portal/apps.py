from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from . import cache, search, signals

        signals.connect()
        search.search_units_register()
        cache.page_cache_connect()
