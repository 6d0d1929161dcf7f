"""Annual self-assessments (自评, 第三十五条) with the year's exhibition
events (第二十九条) and a public comment period."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage


def report_path(instance, filename: str) -> str:
    return f"self-assessments/{instance.unit_id}/{instance.year}/{filename}"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMMENTING = "commenting", _("Public comment")
    SUBMITTED = "submitted", _("Submitted to the bureau")
    FILED = "filed", _("Filed (acknowledged)")
    RETURNED = "returned", _("Returned for revision")


class SelfAssessment(models.Model):
    unit = models.ForeignKey(
        "evaluations.ProtectedUnit", on_delete=models.PROTECT, related_name="self_assessments"
    )
    obligation = models.ForeignKey(
        "evaluations.Obligation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # ["…", "…"]: the key-work list (重点工作清单).
    key_work = models.JSONField(_("key work"), default=list)
    summary = models.TextField(_("summary of the report"))
    report = models.FileField(
        _("report"), storage=private_storage, upload_to=report_path, blank=True
    )
    report_name = models.CharField(_("file name"), max_length=255, blank=True)
    # 第三十五条: the report itself is put to the public during the comment
    # period, once the unit confirms that personal data is removed from it.
    personal_data_removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal data removal confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    personal_data_removed_at = models.DateTimeField(
        _("personal data removal confirmed at"), null=True, blank=True
    )
    # [{"name", "date", "place", "visitors"}]: at least one (第二十九条).
    events = models.JSONField(_("exhibition events"), default=list)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    comment_period = models.OneToOneField(
        "portal.WorkingDayPeriod",
        verbose_name=_("public comment period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    bureau_note = models.TextField(_("bureau's note"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="self_assessment_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.year}"


class PublicComment(models.Model):
    """A comment from the public on a self-assessment draft. Like an
    objection, the commenter's identity and contact are private."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="comments"
    )
    receipt_code = models.CharField(_("receipt code"), max_length=16, unique=True)
    name = models.CharField(_("name or organisation"), max_length=128)
    phone = models.CharField(_("telephone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    text = models.TextField(_("comment"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("public comment")
        verbose_name_plural = _("public comments")

    def __str__(self) -> str:
        return self.receipt_code
