"""The counties and townships of the zone (shared/data/divisions.csv)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class County(models.Model):
    """县（市、区）, by its administrative division code."""

    code = models.CharField(_("division code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=32, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Township(models.Model):
    """乡、镇 or 街道 of a county."""

    class Kind(models.TextChoices):
        TOWNSHIP = "乡", _("Township")
        TOWN = "镇", _("Town")
        SUBDISTRICT = "街道", _("Subdistrict")

    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="townships")
    name = models.CharField(_("name"), max_length=32)
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)

    class Meta:
        ordering = ["county", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="township_unique_in_county")
        ]
        verbose_name = _("township")
        verbose_name_plural = _("townships")

    def __str__(self) -> str:
        return f"{self.county.name}{self.name}"
