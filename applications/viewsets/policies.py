"""Who may use the staff screens: Wagtail permission policies that ask the
roles' permissions (applications.roles)."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy

from ..roles import BUREAU, CONFIRM_CLAIMS, may, users_who_may


class BureauPolicy(ModelPermissionPolicy):
    """The bureau's reviewers and administrators read these records; nobody
    adds, edits or deletes them in the admin: every change is a service on
    its own screen (a declared workflow transition, a decision…)."""

    allowed_actions = frozenset({"view"})
    # The ability (applications.roles) that opens the screens.
    permission = BUREAU

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and may(user, self.permission)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions, **kwargs):
        if not self.allowed_actions & set(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(pk__in=users_who_may(self.permission).values("pk"))
            )
            .distinct()
        )


class BureauRecordsPolicy(BureauPolicy):
    """The bureau records and reads these (a decision on record is never
    edited or deleted)."""

    allowed_actions = frozenset({"add", "view"})


class ClaimPolicy(BureauPolicy):
    """County bureaus read their county's organisations' claims and decide
    them on the claim's own screen."""

    permission = CONFIRM_CLAIMS
