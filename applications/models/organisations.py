"""Organisations that apply: workshops, enterprises, institutes, bureaus."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..uscc import validate_uscc
from .divisions import County, Township


class Organisation(models.Model):
    """A unit registered by its 统一社会信用代码. Its members are the users
    who act for it; an applicant sees only its own organisation's work."""

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=128)
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT)
    township = models.ForeignKey(
        Township, verbose_name=_("township"), on_delete=models.PROTECT, null=True, blank=True
    )
    address = models.CharField(_("address"), max_length=255)
    contact_name = models.CharField(_("contact person"), max_length=64)
    contact_phone = models.CharField(_("contact telephone"), max_length=32)
    contact_email = models.EmailField(_("contact email"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="organisations", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
