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
