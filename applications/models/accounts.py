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
    county = models.ForeignKey(
        County,
        verbose_name=_("county (county bureau accounts)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("account profile")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None
