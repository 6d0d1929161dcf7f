"""What reviewers record between material review and expert review:
field inspections (实地考察) and hearings of opinions (听取意见)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage

from .applications import Application


def photo_path(instance, filename: str) -> str:
    return f"inspections/{instance.inspection_id}/{uuid.uuid4().hex}/{filename}"


class FieldInspection(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_on = models.DateField(_("date of the inspection"))
    inspectors = models.CharField(_("inspectors"), max_length=255)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspected_on", "pk"]
        verbose_name = _("field inspection")
        verbose_name_plural = _("field inspections")

    def __str__(self) -> str:
        return f"{self.application} · {self.inspected_on}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(FieldInspection, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(storage=private_storage, upload_to=photo_path)
    original_name = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("inspection photo")
        verbose_name_plural = _("inspection photos")

    def __str__(self) -> str:
        return self.original_name


class Hearing(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("date of the hearing"))
    heard = models.CharField(_("whose opinions were heard"), max_length=255)
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("hearing of opinions")
        verbose_name_plural = _("hearings of opinions")

    def __str__(self) -> str:
        return f"{self.application} · {self.held_on}"
