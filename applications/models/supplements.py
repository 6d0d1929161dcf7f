"""Supplement requests (补正): what is missing, and by when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application


class SupplementRequest(models.Model):
    """A reviewer's request for missing or corrected material. Its deadline
    is a stored working-day period (portal.WorkingDayPeriod)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="supplement_requests"
    )
    # [{"slot": "site_proof", "note": "租赁合同缺少盖章页"}]
    items = models.JSONField(_("what to add"), default=list)
    message = models.TextField(_("message to the applicant"))
    period = models.OneToOneField(
        "portal.WorkingDayPeriod", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")

    def __str__(self) -> str:
        return f"{self.application} · {self.period.end_date}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.expired_at is None
