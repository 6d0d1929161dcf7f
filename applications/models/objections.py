"""Objections (异议) to a candidate during the publicity window.

An objector's name and contact are private: only the staff handling the
objection see them; the public and the objector's receipt page see the
receipt code, the candidate, the state and the decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage

from .applications import Application
from .candidates import CandidateList


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    EXAMINING = "examining", _("Being examined")
    UPHELD = "upheld", _("Upheld: the candidate leaves the list")
    DISMISSED = "dismissed", _("Dismissed")


# Objections that still stand in the way of an approval (第十二条 “无异议的”).
OPEN_OBJECTION_STATES = (ObjectionStatus.RECEIVED, ObjectionStatus.EXAMINING)


def objection_attachment_path(instance, filename: str) -> str:
    return f"objections/{instance.objection_id}/{filename}"


class Objection(models.Model):
    candidate_list = models.ForeignKey(
        CandidateList,
        verbose_name=_("candidate list"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("candidate objected to"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    receipt_code = models.CharField(_("receipt code"), max_length=16, unique=True)
    objector_name = models.CharField(_("name or organisation"), max_length=128)
    phone = models.CharField(_("telephone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    grounds = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.RECEIVED,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    examined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examined by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="objection_has_contact"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_OBJECTION_STATES) | ~Q(decision_reason=""),
                name="objection_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        # Never the objector's name: this string appears in logs and lists.
        return self.receipt_code

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_OBJECTION_STATES


class ObjectionAttachment(models.Model):
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=objection_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_kind = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
