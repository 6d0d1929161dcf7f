"""Approvals by the municipal government and the units they establish
(设立, 第十二条): reserves become experimental zones, bases are designated.
Everything after establishment hangs on a ProtectedUnit."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.eligibility import Category
from applications.models import (
    Application,
    ApplicationKind,
    CandidateList,
    County,
    Organisation,
    Township,
)
from portal.core.storage import private_storage

# What an experimental zone's name ends with (a county's name before it).
ZONE_SUFFIX = "陶瓷文化生态保护实验区"


def approval_scan_path(instance, filename: str) -> str:
    return f"approvals/{instance.candidate_list_id}/{filename}"


# A verification code: unambiguous letters and digits (no 0/O, 1/I/L), long
# enough not to be guessed (16 of 31 symbols: about 79 bits).
VERIFICATION_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VERIFICATION_LENGTH = 16


def verification_code_new() -> str:
    """Returns a new random verification code for a unit's certificate."""
    return "".join(secrets.choice(VERIFICATION_ALPHABET) for _ in range(VERIFICATION_LENGTH))


def certificate_path(instance, filename: str) -> str:
    return f"units/{instance.pk}/{filename}"


class Approval(models.Model):
    """The municipal government's approval (批复) of candidates of a list."""

    candidate_list = models.ForeignKey(
        CandidateList,
        verbose_name=_("candidate list"),
        on_delete=models.PROTECT,
        related_name="approvals",
    )
    document_number = models.CharField(_("document number"), max_length=64)
    approved_on = models.DateField(_("approved on"))
    scan = models.FileField(_("scan"), storage=private_storage, upload_to=approval_scan_path)
    scan_name = models.CharField(_("file name"), max_length=255)
    scan_sha256 = models.CharField(max_length=64)
    notice_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("announcement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-approved_on", "-pk"]
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")

    def __str__(self) -> str:
        return self.document_number


class UnitStatus(models.TextChoices):
    EXPERIMENTAL_ZONE = "experimental_zone", _("Cultural ecology protection experimental zone")
    PROTECTION_ZONE = "protection_zone", _("Cultural ecology protection zone")
    DESIGNATED_BASE = "designated_base", _("Designated protection base")
    DELISTED = "delisted", _("Delisted")


class ProtectedUnit(models.Model):
    """An established reserve or base: what the public directory lists and
    what the obligations after establishment attach to."""

    code = models.CharField(_("certificate number"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=ApplicationKind.choices)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=UnitStatus.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="units"
    )
    # The lead county (the organisation's); ``counties`` are all the unit's
    # counties, the lead included: a reserve may span several (第六条（一）).
    county = models.ForeignKey(County, verbose_name=_("county"), on_delete=models.PROTECT)
    counties = models.ManyToManyField(
        County, verbose_name=_("counties"), blank=True, related_name="+"
    )
    townships = models.ManyToManyField(
        Township, verbose_name=_("townships"), blank=True, related_name="+"
    )
    # Public facts only: the names and levels of the ICH projects.
    ich_projects = models.JSONField(_("ICH projects"), default=list, blank=True)
    established_on = models.DateField(_("established on"))
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit",
    )
    approval = models.ForeignKey(
        Approval,
        verbose_name=_("approval"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    # Units approved before the portal come in by import (第三十九–四十条).
    imported = models.BooleanField(_("imported"), default=False)
    # Obligations falling due before this day are not tracked (an imported
    # unit's earlier years are on paper); None: from establishment.
    tracked_from = models.DateField(_("obligations tracked from"), null=True, blank=True)
    delisted_on = models.DateField(_("delisted on"), null=True, blank=True)
    # The public notice of the delisting (第三十八条), made by the public site.
    delisting_notice = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("delisting notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_pdf = models.FileField(
        _("certificate"), storage=private_storage, upload_to=certificate_path, blank=True
    )
    # Printed with a QR code on the certificate and the plaque: anyone can
    # check them at /verify/<code>/. Random, so the addresses of the units
    # cannot be guessed; stable, so what is printed keeps working.
    verification_code = models.CharField(
        _("verification code"),
        max_length=VERIFICATION_LENGTH,
        unique=True,
        default=verification_code_new,
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-established_on", "code"]
        verbose_name = _("established unit")
        verbose_name_plural = _("established units")

    def __str__(self) -> str:
        return self.name


class CountyGovernment(models.Model):
    """The people's government of a county of the zone, as the evaluations
    reach it (第三十六条: the evaluation report is published through the
    bureau's and the county government's official websites). Kept here,
    not on County, which the applications app owns: only the evaluations
    tell the county government anything."""

    county = models.OneToOneField(
        County, verbose_name=_("county"), on_delete=models.CASCADE, related_name="government"
    )
    name = models.CharField(_("name"), max_length=128, help_text=_("E.g. 浮梁县人民政府."))
    website = models.URLField(_("official website"), blank=True)
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        help_text=_("Told, with a link, when an evaluation report of the county is published."),
    )

    class Meta:
        verbose_name = _("county government")
        verbose_name_plural = _("county governments")

    def __str__(self) -> str:
        return self.name
