"""The other counties of a reserve spanning several (第六条（一）): the lead
county bureau names them, and each county's bureau confirms or declines
taking part, on the record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application
from .divisions import County


class InvolvementStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the county bureau's answer")
    CONFIRMED = "confirmed", _("Confirmed by the county bureau")
    DECLINED = "declined", _("Declined by the county bureau")


class CountyInvolvement(models.Model):
    """A county, other than the lead bureau's, named by a reserve
    application, and its bureau's answer (who, when, what, why)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="involvements"
    )
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvolvementStatus.choices,
        default=InvolvementStatus.PENDING,
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["application", "county"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "county"], name="involvement_unique_per_county"
            )
        ]
        verbose_name = _("county involvement")
        verbose_name_plural = _("county involvements")

    def __str__(self) -> str:
        return f"{self.application} · {self.county.name}"
