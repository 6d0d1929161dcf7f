"""Staff members' authenticators on the account security screens, with
the administrators' reset (a lost phone); and the menu group of the
account security screens (账户安全)."""

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from ..admin import NotFoundWhenForbidden
from ..signins.viewsets import (
    ConfirmedActionView,
    PermissionPolicy,
    RowActionIndexView,
    locked_account_viewset,
    signin_failure_viewset,
)
from .selectors import confirmed_authenticators
from .services import RESET_PERMISSION, two_factor_reset


class ResetView(ConfirmedActionView):
    permission = RESET_PERMISSION
    index_url_name = "staff_authenticators:index"
    page_title = _("Reset two-step verification")
    question = _(
        "Remove the authenticator and recovery codes of “%(target)s”? "
        "The next sign-in sets up a new authenticator."
    )
    submit_label = _("Yes, reset")

    def get_target(self):
        return get_object_or_404(confirmed_authenticators(), pk=self.kwargs["pk"]).user

    def act(self):
        two_factor_reset(user=self.target, by=self.request.user)
        return _("Two-step verification of “%(username)s” reset.") % {
            "username": self.target.get_username()
        }


class AuthenticatorIndexView(RowActionIndexView):
    page_title = _("Two-step verification")
    row_permission = RESET_PERMISSION
    row_label = _("Reset")
    row_url_name = "staff_authenticators:reset"
    row_icon = "bin"
    row_data = "reset"

    def get_base_queryset(self):
        return confirmed_authenticators()

    def row_account(self, instance) -> str:
        return instance.user.get_username()


class AuthenticatorViewSet(NotFoundWhenForbidden, ModelViewSet):
    """Who has set up two-step verification, when, and when last used."""

    model = TOTPDevice
    icon = "key"
    menu_label = _("Two-step verification")
    index_view_class = AuthenticatorIndexView
    list_display = [
        Column("user", label=_("Account"), accessor="user"),
        DateColumn("created_at", label=_("Set up at")),
        DateColumn("last_used_at", label=_("Last used")),
        Column("throttling_failure_count", label=_("Wrong codes in a row")),
    ]
    form_fields = ["name"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("reset/<int:pk>/", ResetView.as_view(), name="reset"),
        ]


class AccountSecurityGroup(ViewSetGroup):
    menu_label = _("Account security")
    menu_icon = "lock"
    menu_order = 850
    items = (
        signin_failure_viewset,
        locked_account_viewset,
        AuthenticatorViewSet("staff_authenticators"),
    )


register_permission_policy(
    TOTPDevice,
    PermissionPolicy(TOTPDevice, {"view": "otp_totp.view_totpdevice"}),
    exact_class=True,
)
account_security_group = AccountSecurityGroup()
