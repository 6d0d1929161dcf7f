from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Organisations, roles and applications for reserve sub-zones and
    protection bases, and their review up to the candidate list."""

    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_after_migrate, dispatch_uid="roles-sync")


def _sync_after_migrate(sender, **kwargs):
    """Grants the roles' permissions once every app's permissions exist:
    post_migrate is sent app by app, in INSTALLED_APPS order, so this waits
    for the last app."""
    from django.apps import apps

    from .roles import roles_sync

    if sender.label == list(apps.get_app_configs())[-1].label:
        roles_sync()
