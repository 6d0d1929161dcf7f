"""The applications app's answers to what the core announces. Connected
in ApplicationsConfig.ready."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext as _

from portal.core.notifications import notify
from portal.core.services.periods import period_end_moved

from .notifications import ApplicationEvent
from .roles import Role, role_members, roles_sync


def _period_end_moved(sender, *, period, old_end, **kwargs) -> None:
    """Tells whoever published a period (a publicity window, a supplement
    deadline) — or the bureau's reviewers, when nobody did — that its end
    moved, so that a published notice can be corrected."""
    recipients = (
        [period.responsible] if period.responsible else role_members(Role.MUNICIPAL_REVIEWER)
    )
    notify(
        recipients=recipients,
        event=ApplicationEvent.PERIOD_END_MOVED,
        about=period,
        context={
            "label": period.label,
            "anchor": period.anchor_date.isoformat(),
            "days": period.working_days,
            "old": old_end.isoformat(),
            "new": period.end_date.isoformat(),
            "end": period.end_date.isoformat(),
            "provisional": _(" (provisional)") if period.provisional else "",
        },
    )


def _roles_after_migrate(sender, **kwargs) -> None:
    """Grants the roles' permissions once every app's permissions exist:
    post_migrate is sent app by app, in INSTALLED_APPS order, so this waits
    for the last app. That app's own permissions (axes') are made by
    auth's receiver, connected after this one (auth comes after this app
    in INSTALLED_APPS): made here first (it leaves existing ones alone)."""

    if sender.label == list(apps.get_app_configs())[-1].label:
        create_permissions(sender, verbosity=0, using=kwargs.get("using", DEFAULT_DB_ALIAS))
        roles_sync()


def connect() -> None:
    period_end_moved.connect(_period_end_moved, dispatch_uid="applications-period-end-moved")
    post_migrate.connect(_roles_after_migrate, dispatch_uid="roles-sync")
