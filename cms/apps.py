from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail page models and the public site: the measures, notices and
    the home page."""

    name = "cms"
    verbose_name = _("Public site")

    def ready(self):
        from . import signals

        signals.connect()
