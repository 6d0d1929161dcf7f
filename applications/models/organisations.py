"""Organisations that apply: workshops, enterprises, institutes, bureaus."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage

from ..uscc import validate_uscc
from .divisions import County, Township


def licence_path(instance, filename: str) -> str:
    return f"licences/{uuid.uuid4().hex}/{filename}"


class ClaimStatus(models.TextChoices):
    """Whether the county culture bureau has confirmed that the people who
    registered an organisation act for the holder of its code."""

    PENDING = "pending", _("Awaiting the county bureau's confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the county bureau")
    REFUSED = "refused", _("Refused by the county bureau")


# A code is held by at most one organisation whose claim stands (pending or
# confirmed); refused claims keep their row (and drafts) but free the code,
# so that a claim made without right never locks the real organisation out.
CLAIMS_THAT_HOLD = (ClaimStatus.PENDING, ClaimStatus.CONFIRMED)


class Organisation(models.Model):
    """A unit registered by its 统一社会信用代码. Its members are the users
    who act for it; an applicant sees only its own organisation's work.

    A self-registered organisation only claims its code: the claim is
    pending until the culture bureau of its county has seen the business
    licence and confirmed it, and only then may it submit. An organisation
    created otherwise (in the admin, by the unit import) starts pending as
    well; the migration confirmed the organisations that existed before."""

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, db_index=True, validators=[validate_uscc]
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
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="organisations",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claim_status = models.CharField(
        _("claim"), max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    licence = models.FileField(
        _("business licence"), storage=private_storage, upload_to=licence_path, blank=True
    )
    licence_name = models.CharField(_("licence file name"), max_length=128, blank=True)
    claim_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("claim decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claim_decided_at = models.DateTimeField(_("claim decided at"), null=True, blank=True)
    claim_reason = models.TextField(_("reason for refusing the claim"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uscc"],
                condition=Q(claim_status__in=CLAIMS_THAT_HOLD),
                name="organisation_uscc_claimed_once",
                violation_error_message=_(
                    "An organisation with this code is already registered on the portal."
                ),
            )
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def claim_confirmed(self) -> bool:
        return self.claim_status == ClaimStatus.CONFIRMED


class OrganisationClaim(Organisation):
    """An organisation seen as a claim to its code: the county bureaus'
    screen (applications.viewsets.claims), with its own permission policy
    beside the administrators' screen of organisations."""

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = _("organisation claim")
        verbose_name_plural = _("organisation claims")
