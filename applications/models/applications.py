"""Applications and their materials."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Historical migrations name the storage by this module's path.
from portal.core.storage import private_storage

from ..eligibility import Category, InheritorBranch
from ..workflow import State
from .divisions import Township
from .organisations import Organisation


def material_path(instance, filename: str) -> str:
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}/{filename}"


def receipt_path(instance, filename: str) -> str:
    return f"receipts/{instance.pk}/{filename}"


class ApplicationKind(models.TextChoices):
    BASE = "base", _("Protection base")
    RESERVE = "reserve", _("Reserve sub-zone")


# The states are declared with the transitions, in applications.workflow.
ApplicationStatus = State


class Application(models.Model):
    """An application by an organisation. Editable by its members while a
    draft; after submission only through a supplement request."""

    kind = models.CharField(_("kind"), max_length=16, choices=ApplicationKind.choices)
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, blank=True)
    # [{"name", "level", "category", "special", "endangered"}]
    ich_projects = models.JSONField(_("ICH projects"), default=list, blank=True)
    # 第七条（二）: representative inheritors of municipal level or above, or
    # a group of skilled holders; empty until the applicant chooses.
    inheritor_branch = models.CharField(
        _("how Article 7 (2) is met"),
        max_length=16,
        choices=InheritorBranch.choices,
        blank=True,
    )
    # [{"name", "level"}]
    inheritors = models.JSONField(_("representative inheritors"), default=list, blank=True)
    # [{"name", "years", "evidence"}]
    skilled_holders = models.JSONField(_("skilled holders"), default=list, blank=True)
    site_area_m2 = models.DecimalField(
        _("site area (m²)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    staff_count = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    # [{"name", "title", "field"}]
    senior_staff = models.JSONField(_("staff with senior titles"), default=list, blank=True)
    # {"authenticity": "…", "inheritors": "…", …} for 第七条（一）–（五）
    narrative = models.JSONField(_("narrative answers"), default=dict, blank=True)
    relaxation_requested = models.BooleanField(_("relaxation requested"), default=False)
    relaxation_reason = models.TextField(_("reason for relaxation"), blank=True)
    # The reviewer's decision on the relaxation request, on the record.
    relaxation_granted = models.BooleanField(_("relaxation granted"), null=True, blank=True)
    relaxation_decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # Reserve sub-zones (第五条–第六条): the townships of the zone, the date
    # holistic protection began (第五条（九）), and the planning outline's five
    # parts (第九条), {"part1": "…", …}.
    townships = models.ManyToManyField(
        Township, verbose_name=_("townships"), blank=True, related_name="+"
    )
    # Villages and communities (村、社区) of the zone, free text under each
    # chosen township: {"<township pk>": ["名", …]}.
    villages = models.JSONField(_("villages and communities"), default=dict, blank=True)
    holistic_since = models.DateField(_("holistic protection since"), null=True, blank=True)
    outline = models.JSONField(_("planning outline"), default=dict, blank=True)

    measure = models.ForeignKey(
        "cms.MeasurePage",
        verbose_name=_("measures version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rules_snapshot = models.JSONField(_("rules at submission"), default=dict, blank=True)
    eligibility = models.JSONField(_("eligibility at submission"), default=dict, blank=True)
    receipt_number = models.CharField(
        _("receipt number"), max_length=32, unique=True, null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    receipt_pdf = models.FileField(
        _("receipt"), storage=private_storage, upload_to=receipt_path, blank=True
    )
    # The declaration of truthfulness (承诺书) accepted with the submission:
    # when, by whom, and which version of its text (applications.declaration).
    declaration_accepted_at = models.DateTimeField(
        _("declaration accepted at"), null=True, blank=True
    )
    declaration_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declaration accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    declaration_version = models.CharField(_("declaration version"), max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        label = self.get_category_display() or self.get_kind_display()
        return f"{self.organisation.name} · {label}"

    @property
    def is_draft(self) -> bool:
        return self.status == ApplicationStatus.DRAFT

    @property
    def special(self) -> bool:
        return any(p.get("special") for p in self.ich_projects)

    @property
    def endangered(self) -> bool:
        return any(p.get("endangered") for p in self.ich_projects)


class Material(models.Model):
    """One uploaded file in a typed slot of an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="materials")
    slot = models.CharField(_("material"), max_length=32)
    file = models.FileField(storage=private_storage, upload_to=material_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_kind = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "uploaded_at"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.original_name
