from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Organisations, roles and applications for reserve sub-zones and
    protection bases, and their review up to the candidate list."""

    name = "applications"
    verbose_name = _("Applications")
