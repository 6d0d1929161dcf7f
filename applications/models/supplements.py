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


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    # The request was answered or expired while the extension was pending.
    LAPSED = "lapsed", _("Lapsed")


class SupplementExtension(models.Model):
    """The applicant's request for more time to supplement, and the
    bureau's decision. A grant gives the supplement request a new deadline
    (a working-day period like the first, counted on from the old end);
    the old period is kept here. At most one request is pending at a time."""

    supplement = models.ForeignKey(
        SupplementRequest, on_delete=models.CASCADE, related_name="extensions"
    )
    reason = models.TextField(_("reason"))
    working_days = models.PositiveSmallIntegerField(_("working days asked for"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    # The deadline before the grant (the supplement request now points to
    # the new one).
    previous_period = models.ForeignKey(
        "portal.WorkingDayPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("supplement extension")
        verbose_name_plural = _("supplement extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["supplement"],
                condition=models.Q(status="pending"),
                name="one_pending_extension_per_supplement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplement} · {self.get_status_display()}"
