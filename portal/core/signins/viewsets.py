"""The account security screens of the admin (账户安全): failed sign-ins,
locked accounts with their unlock action, and (portal.core.twofactor)
staff members' second factors with their reset. Each is open to holders
of one Django permission, never to a named group."""

from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ..admin import NotFoundWhenForbidden
from ..errors import Refused
from .filters import LockedAttemptFilterSet, SigninFailureFilterSet
from .selectors import locked_attempts, signin_failures
from .services import UNLOCK_PERMISSION, account_unlock


class PermissionPolicy(ModelPermissionPolicy):
    """Grants each listed action to holders of one Django permission; no
    other action (the admin's add, edit and delete views stay closed)."""

    def __init__(self, model, actions: dict[str, str]):
        super().__init__(model)
        self.actions = actions

    def user_has_permission(self, user, action):
        permission = self.actions.get(action)
        return permission is not None and user.is_active and user.has_perm(permission)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions, **kwargs):
        permissions = {self.actions[a] for a in actions if a in self.actions}
        if not permissions:
            return get_user_model().objects.none()
        holders = Q(is_superuser=True)
        for permission in permissions:
            # Roles' and hand-given permissions; axes' backend grants none.
            granted = get_user_model().objects.with_perm(
                permission, backend="django.contrib.auth.backends.ModelBackend"
            )
            holders |= Q(pk__in=granted.values("pk"))
        return get_user_model().objects.filter(holders, is_active=True).distinct()


class ConfirmedActionView(WagtailAdminTemplateMixin, TemplateView):
    """A POST action on one record, after a confirmation page (GET). Who
    lacks ``permission`` gets a 404, as for a record that does not exist."""

    template_name = "portal/account_security/confirm.html"
    permission = ""
    index_url_name = ""
    header_icon = "lock"
    question = ""
    submit_label = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise Http404
        self.target = self.get_target()
        return super().dispatch(request, *args, **kwargs)

    def get_target(self):
        raise NotImplementedError

    def act(self) -> str:
        """Does the action; returns the message that says it is done."""
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question=self.question % {"target": self.target_label()},
            submit_label=self.submit_label,
            cancel_url=reverse(self.index_url_name),
            **kwargs,
        )

    def target_label(self) -> str:
        return str(self.target)

    def post(self, request, *args, **kwargs):
        try:
            messages.success(request, self.act())
        except Refused as refused:
            messages.error(request, str(refused))
        return redirect(self.index_url_name)


class UnlockView(ConfirmedActionView):
    permission = UNLOCK_PERMISSION
    index_url_name = "locked_accounts:index"
    page_title = _("Unlock account")
    question = _("Unlock the account “%(target)s”? It may then sign in again at once.")
    submit_label = _("Yes, unlock")

    def get_target(self):
        return get_object_or_404(locked_attempts(), pk=self.kwargs["pk"])

    def target_label(self):
        return self.target.username

    def act(self):
        account_unlock(username=self.target.username, by=self.request.user)
        return _("Account “%(username)s” unlocked.") % {"username": self.target.username}


class PermittedIndexView(generic.IndexView):
    """An index whose readers hold the policy's "view" permission; anyone
    else gets a 404, as for a page that does not exist (not Wagtail's
    redirect, which tells that the page is there)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class RowActionIndexView(PermittedIndexView):
    """An index with one action per row (a link to its confirmation page),
    shown to holders of ``row_permission``; ``data-<row_data>`` names the
    row's account, for tests and scripts."""

    row_permission = ""
    row_label = ""
    row_url_name = ""
    row_icon = ""
    row_data = ""

    def row_account(self, instance) -> str:
        return instance.username

    def get_list_more_buttons(self, instance):
        if not self.request.user.has_perm(self.row_permission):
            return []
        return [
            ListingButton(
                self.row_label,
                url=reverse(self.row_url_name, args=[instance.pk]),
                icon_name=self.row_icon,
                attrs={f"data-{self.row_data}": self.row_account(instance)},
                priority=10,
            )
        ]


class SigninFailureIndexView(PermittedIndexView):
    page_title = _("Failed sign-ins")

    def get_base_queryset(self):
        return signin_failures()


class SigninFailureViewSet(NotFoundWhenForbidden, ModelViewSet):
    """Every failed sign-in (and wrong two-step code), newest first."""

    model = AccessFailureLog
    icon = "warning"
    menu_label = _("Failed sign-ins")
    index_view_class = SigninFailureIndexView
    filterset_class = SigninFailureFilterSet
    list_display = [
        "username",
        Column("ip_address", label=_("IP address")),
        DateColumn("attempt_time", label=_("Time")),
        Column("path_info", label=_("Sign-in page")),
        BooleanColumn("locked_out", label=_("Locked the account")),
        Column("user_agent", label=_("Browser")),
    ]
    ordering = ["-attempt_time"]
    form_fields = ["username"]


class LockedAttemptIndexView(RowActionIndexView):
    page_title = _("Locked accounts")
    row_permission = UNLOCK_PERMISSION
    row_label = _("Unlock")
    row_url_name = "locked_accounts:unlock"
    row_icon = "lock-open"
    row_data = "unlock"

    def get_base_queryset(self):
        return locked_attempts()


class LockedAccountViewSet(NotFoundWhenForbidden, ModelViewSet):
    """Accounts axes refuses now, one row per address and browser they
    were tried from, each with an unlock action."""

    model = AccessAttempt
    icon = "lock"
    menu_label = _("Locked accounts")
    index_view_class = LockedAttemptIndexView
    filterset_class = LockedAttemptFilterSet
    list_display = [
        "username",
        Column("ip_address", label=_("IP address")),
        Column("failures_since_start", label=_("Failures")),
        DateColumn("attempt_time", label=_("Last failure")),
        Column("user_agent", label=_("Browser")),
    ]
    ordering = ["-attempt_time"]
    form_fields = ["username"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("unlock/<int:pk>/", UnlockView.as_view(), name="unlock"),
        ]


register_permission_policy(
    AccessFailureLog,
    PermissionPolicy(AccessFailureLog, {"view": "axes.view_accessfailurelog"}),
    exact_class=True,
)
register_permission_policy(
    AccessAttempt,
    PermissionPolicy(AccessAttempt, {"view": "axes.view_accessattempt"}),
    exact_class=True,
)
signin_failure_viewset = SigninFailureViewSet("signin_failures")
locked_account_viewset = LockedAccountViewSet("locked_accounts")
