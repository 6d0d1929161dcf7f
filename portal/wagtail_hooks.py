from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import manual
from .core.twofactor import views as twofactor_views
from .core.twofactor.selectors import totp_device
from .core.twofactor.viewsets import account_security_group
from .core.viewsets import calendar_year_viewset, queued_task_viewset


@hooks.register("register_admin_viewset")
def register_viewsets():
    return calendar_year_viewset


@hooks.register("register_admin_viewset")
def register_queued_tasks():
    return queued_task_viewset


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


# Account security: two-step verification of staff, failed sign-ins and
# locked accounts (portal.core.twofactor, portal.core.signins).
@hooks.register("register_admin_viewset")
def register_account_security():
    return account_security_group


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    return [
        path("two-step/verify/", twofactor_views.verify, name="portal_twofactor_verify"),
        path("two-step/set-up/", twofactor_views.enrol, name="portal_twofactor_enrol"),
    ]


@hooks.register("register_account_menu_item")
def twofactor_account_menu_item(request):
    if totp_device(user=request.user) is not None:
        return None
    return {
        "url": reverse("portal_twofactor_enrol"),
        "label": _("Set up two-step verification"),
        "help_text": _("Sign in with a code from an authenticator app as well as your password."),
    }


@hooks.register("register_log_actions")
def register_account_security_log_actions(actions):
    for action, label, message in [
        ("portal.twofactor.enrol", _("Set up two-step verification"), _("Authenticator set up")),
        ("portal.twofactor.fail", _("Wrong two-step code"), _("Wrong two-step code entered")),
        ("portal.twofactor.recovery_use", _("Use recovery code"), _("Recovery code used")),
        ("portal.twofactor.reset", _("Reset two-step verification"), _("Authenticator reset")),
        ("portal.account.unlock", _("Unlock account"), _("Account unlocked")),
    ]:
        actions.register_action(action, label, message)


# The staff manual (portal/manual.py) in place of Wagtail's guides on
# another site: the help menu keeps only the manual and the shortcuts.
@hooks.register("register_admin_urls")
def register_manual_url():
    return [path("manual/", manual.manual_view, name="staff_manual")]


@hooks.register("construct_help_menu")
def help_menu_leads_to_the_manual(request, menu_items):
    menu_items[:] = [
        item
        for item in menu_items
        if item.name not in ("editor-guide", "whats-new-in-wagtail")
        and not item.name.startswith("whats-new-in-wagtail")
    ]
    menu_items.insert(
        0, MenuItem(_("Staff manual"), manual.manual_url(), name="staff-manual", icon_name="help")
    )
