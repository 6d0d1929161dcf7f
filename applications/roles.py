"""The portal's roles and what each may do.

A role is a Django group named by the role's code; what it may do are
Django permissions, granted to the group by ``roles_sync`` after every
migrate (ROLE_PERMISSIONS). Code asks what a user may do — ``may`` and
``require`` here, ``user.has_perm`` in Wagtail's permission policies —
never which group a user is in: this module is the only one that knows
the groups."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.errors import NotAllowed


class Role(models.TextChoices):
    APPLICANT = "applicant", gettext_lazy("Applicant unit")
    COUNTY_BUREAU = "county_bureau", gettext_lazy("County culture bureau")
    MUNICIPAL_REVIEWER = "municipal_reviewer", gettext_lazy("Municipal bureau reviewer")
    EXPERT = "expert", gettext_lazy("Expert")
    ADMIN = "portal_admin", gettext_lazy("Administrator")


# Staff work in the Wagtail admin; applicants and county bureaus work in
# the portal's own pages. County bureaus open the admin too, for one
# screen: confirming their county's organisations' claims to their codes.
ADMIN_ROLES = frozenset({Role.MUNICIPAL_REVIEWER, Role.EXPERT, Role.ADMIN, Role.COUNTY_BUREAU})

# What the portal's own code asks (declared on applications.Ability).
APPLY = "applications.apply"
APPLY_FOR_RESERVE = "applications.apply_for_reserve"
BUREAU = "applications.act_for_bureau"
EXPERT_REVIEW = "applications.review_as_expert"
SCORE_EVALUATIONS = "applications.score_evaluations"
CONFIRM_CLAIMS = "applications.confirm_organisation"

CALENDAR_PERMISSIONS = (
    "portal.view_calendaryear",
    "portal.add_calendaryear",
    "portal.change_calendaryear",
)
INDICATOR_PERMISSIONS = (
    "evaluations.view_indicator",
    "evaluations.add_indicator",
    "evaluations.change_indicator",
)

# What each role may do, beyond object-level rules. roles_sync() grants these
# after every migrate; it only adds, so permissions given by hand stay.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.APPLICANT: (APPLY,),
    Role.COUNTY_BUREAU: (APPLY, APPLY_FOR_RESERVE, "wagtailadmin.access_admin", CONFIRM_CLAIMS),
    Role.MUNICIPAL_REVIEWER: (
        "wagtailadmin.access_admin",
        BUREAU,
        SCORE_EVALUATIONS,
        *CALENDAR_PERMISSIONS,
        "evaluations.view_indicator",
    ),
    Role.EXPERT: ("wagtailadmin.access_admin", EXPERT_REVIEW, SCORE_EVALUATIONS),
    Role.ADMIN: (
        "wagtailadmin.access_admin",
        BUREAU,
        *CALENDAR_PERMISSIONS,
        *INDICATOR_PERMISSIONS,
        "applications.view_ruleset",
        "applications.add_ruleset",
        "applications.change_ruleset",
        "applications.view_organisation",
        "applications.add_organisation",
        "applications.change_organisation",
        "applications.view_accountprofile",
        "applications.add_accountprofile",
        "applications.change_accountprofile",
        # Account security (portal.core.signins, portal.core.twofactor):
        # failed sign-ins, unlocking, resetting a staff member's authenticator.
        "axes.view_accessfailurelog",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        # The task outbox (portal.core.queue), read-only.
        "portal.view_queuedtask",
    ),
}


def may(user: AbstractBaseUser | None, permission: str) -> bool:
    """Returns True if ``user`` (an active account; a superuser may do
    anything) holds ``permission``."""
    return user is not None and user.is_authenticated and user.has_perm(permission)


def require(user: AbstractBaseUser | None, permission: str, message: str | None = None) -> None:
    """Raises NotAllowed — with ``message``, saying who may do it — unless
    ``user`` holds ``permission``; the one refusal for who asks, in views
    (403) and services alike."""
    if not may(user, permission):
        raise NotAllowed([message or _("You may not do this.")])


def roles_with(permission: str) -> list[str]:
    """Returns the roles granted ``permission``, in declaration order."""
    return [role for role, names in ROLE_PERMISSIONS.items() if permission in names]


def role_members(role: str):
    """Returns the active accounts holding ``role``, e.g. the bureau's
    reviewers, whom the portal tells of what awaits the bureau."""
    return get_user_model().objects.filter(groups__name=role, is_active=True)


def users_who_may(permission: str):
    """Returns the active accounts granted ``permission`` through a role or
    by hand (superusers aside: they hold no role)."""
    return get_user_model().objects.with_perm(
        permission, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )


def role_grant(user: AbstractBaseUser, role: str) -> None:
    """Gives ``user`` the role ``role``."""
    user.groups.add(Group.objects.get(name=role))


def role_group(role: str):
    """Returns the group of ``role`` (for Wagtail's page permissions), or
    None before the roles exist."""
    return Group.objects.filter(name=role).first()


def roles_sync(**kwargs) -> None:
    """Makes sure every role's group exists and holds the permissions of
    ROLE_PERMISSIONS. Connected to post_migrate; safe to call any time."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


def group_label(group: Group) -> str:
    """The name staff read for ``group``: the role's label (申报单位, 市级审核…)
    for a role's group, whose name is the role's code and stays so (code
    looks the groups up by it); a group made by hand keeps its own name."""
    return str(Role(group.name).label) if group.name in Role.values else group.name
