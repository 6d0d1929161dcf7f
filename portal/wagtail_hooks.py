from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .core.viewsets import calendar_year_viewset


@hooks.register("register_admin_viewset")
def register_viewsets():
    return calendar_year_viewset


@hooks.register("register_log_actions")
def register_portal_log_actions(actions):
    actions.register_action(
        "portal.calendar.create", _("Enter calendar year"), _("Holiday arrangement entered")
    )
    actions.register_action(
        "portal.calendar.edit", _("Change calendar year"), _("Holiday arrangement changed")
    )
    actions.register_action(
        "portal.period.create", _("Compute period"), _("Working-day period computed")
    )
    actions.register_action(
        "portal.period.recompute", _("Recompute period"), _("Working-day period recomputed")
    )
    actions.register_action("portal.notification.sent", _("Notify"), _("Notification sent"))
    actions.register_action(
        "portal.demo.account", _("Set demo account"), _("Demo account created or password reset")
    )
