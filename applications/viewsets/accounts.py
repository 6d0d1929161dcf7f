"""Staff screens of accounts and of the rules: organisations, account
profiles (the county of a county bureau account) and the rule sets of the
measures."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.core.admin import NotFoundWhenForbidden

from ..models import AccountProfile, Organisation, RuleSet


class EditOnlyPolicy(ModelPermissionPolicy):
    """Rule sets come from importing a version of the measures: staff
    correct and adjust them, but nobody adds or deletes one here."""

    def user_has_permission(self, user, action):
        return action not in {"add", "delete"} and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(RuleSet, EditOnlyPolicy(RuleSet), exact_class=True)


class RuleSetViewSet(NotFoundWhenForbidden, SnippetViewSet):
    """The numbers of each measure version, each with the sentence it was
    read from, and the bureau's practice apart; every save is a revision."""

    model = RuleSet
    icon = "cog"
    menu_label = gettext_lazy("Rule sets")
    add_to_settings_menu = True
    list_display = [
        "document_number",
        "effective_date",
        "published",
        "min_site_area_m2",
        "min_staff",
        "publicity_working_days",
    ]


class OrganisationViewSet(NotFoundWhenForbidden, ModelViewSet):
    """Registered organisations; staff add county bureau members here."""

    model = Organisation
    icon = "group"
    menu_label = gettext_lazy("Organisations")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "uscc", "county", "contact_name"]
    list_filter = ["county"]
    search_fields = ["name", "uscc"]
    search_backend_name = None
    form_fields = [
        "uscc",
        "name",
        "county",
        "township",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "members",
    ]


class AccountProfileViewSet(NotFoundWhenForbidden, ModelViewSet):
    """Email verification and the county of county bureau accounts."""

    model = AccountProfile
    icon = "user"
    menu_label = gettext_lazy("Account profiles")
    add_to_settings_menu = True
    list_display = ["user", "county", "email_verified_at"]
    list_filter = ["county"]
    form_fields = ["user", "county", "email_verified_at"]


organisation_viewset = OrganisationViewSet("organisations")
account_profile_viewset = AccountProfileViewSet("account_profiles")
