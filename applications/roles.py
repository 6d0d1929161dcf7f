"""The portal's roles. Each role is a Django group whose name is the role's
code; code never depends on the group's display label."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant unit")
    COUNTY_BUREAU = "county_bureau", _("County culture bureau")
    MUNICIPAL_REVIEWER = "municipal_reviewer", _("Municipal bureau reviewer")
    EXPERT = "expert", _("Expert")
    ADMIN = "portal_admin", _("Administrator")


# Staff work in the Wagtail admin; applicants and county bureaus work in
# the portal's own pages.
ADMIN_ROLES = frozenset({Role.MUNICIPAL_REVIEWER, Role.EXPERT, Role.ADMIN})


CALENDAR_PERMISSIONS = (
    "portal.view_calendaryear",
    "portal.add_calendaryear",
    "portal.change_calendaryear",
)

# What each role may do, beyond object-level rules. roles_sync() grants these
# after every migrate; it only adds, so permissions given by hand stay.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.APPLICANT: (),
    Role.COUNTY_BUREAU: (),
    Role.MUNICIPAL_REVIEWER: ("wagtailadmin.access_admin", *CALENDAR_PERMISSIONS),
    Role.EXPERT: ("wagtailadmin.access_admin",),
    Role.ADMIN: (
        "wagtailadmin.access_admin",
        *CALENDAR_PERMISSIONS,
        "applications.view_ruleset",
        "applications.add_ruleset",
        "applications.change_ruleset",
        "applications.view_organisation",
        "applications.add_organisation",
        "applications.change_organisation",
        "applications.view_accountprofile",
        "applications.add_accountprofile",
        "applications.change_accountprofile",
    ),
}


def roles_sync(**kwargs) -> None:
    """Makes sure every role's group exists and holds the permissions of
    ROLE_PERMISSIONS. Connected to post_migrate; safe to call any time."""
    from django.contrib.auth.models import Group, Permission

    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)
