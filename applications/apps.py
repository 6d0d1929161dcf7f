from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Organisations, accounts and roles, and applications for reserve
    sub-zones and protection bases: their review, candidate lists,
    publicity and objections."""

    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from . import receivers
        from .links import links_register

        links_register()

        receivers.connect()
