from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    """Organisations, roles and applications for reserve sub-zones and
    protection bases, and their review up to the candidate list."""

    name = "applications"
    verbose_name = _("Applications")

    def ready(self):
        from django.db.models.signals import post_migrate

        # After the permissions of every app exist (they are made by earlier
        # post_migrate handlers, for apps listed before this one).
        post_migrate.connect(_sync_after_migrate, sender=self, dispatch_uid="roles-sync")


def _sync_after_migrate(sender, **kwargs):
    from .roles import roles_sync

    roles_sync()
