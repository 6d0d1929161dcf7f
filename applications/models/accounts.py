"""What the portal knows of a user beyond Django's User."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .divisions import County


class AccountProfile(models.Model):
    """Email verification (needed before a first submission) and, for a
    county bureau account, the one county it acts for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_profile"
    )
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    # When the registrant agreed to the privacy notice of the registration
    # form (issue 15): the record that it was given, and when.
    privacy_consent_at = models.DateTimeField(_("privacy notice agreed at"), null=True, blank=True)
    county = models.ForeignKey(
        County,
        verbose_name=_("county (county bureau accounts)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("account profile")
        verbose_name_plural = _("account profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


class Ability(models.Model):
    """No table: the abilities the portal's code asks for, as Django
    permissions. applications.roles grants them to the roles' groups and
    asks them (``may``, ``require``)."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("ability")
        verbose_name_plural = _("abilities")
        permissions = [
            ("apply", _("Apply as a unit for a protection base")),
            ("apply_for_reserve", _("Apply for a reserve sub-zone (county bureaus)")),
            ("act_for_bureau", _("Act for the municipal bureau: review, publicise, decide")),
            ("review_as_expert", _("Review applications as an expert")),
            ("score_evaluations", _("Score comprehensive evaluations")),
            (
                "confirm_organisation",
                _("Confirm or refuse organisations' claims to their codes (county bureaus)"),
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
