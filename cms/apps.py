from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """Wagtail page models and the public site: the measures, notices,
    publicity lists, the directory and evaluation reports. It answers the
    domain's events with pages (receivers.py)."""

    name = "cms"
    verbose_name = _("Public site")

    def ready(self):
        from . import receivers

        receivers.connect()
