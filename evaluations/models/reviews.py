"""Comprehensive evaluations (全面评估, 第三十六条), acceptance (验收,
第十八条) and rectification (限期整改, 第三十八条)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage


def evaluation_path(instance, filename: str) -> str:
    return f"evaluations/{instance.pk}/{filename}"


def acceptance_path(instance, filename: str) -> str:
    return f"acceptance/{instance.unit_id}/{filename}"


def rectification_path(instance, filename: str) -> str:
    return f"rectification/{instance.unit_id}/{filename}"


class Indicator(models.Model):
    """One dimension of the comprehensive evaluation, with its weight; the
    weights of the active indicators sum to 100."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=128)
    description = models.TextField(_("what is assessed"), blank=True)
    weight = models.DecimalField(_("weight (%)"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("evaluation indicator")
        verbose_name_plural = _("evaluation indicators")

    def __str__(self) -> str:
        return self.name


class EvaluationRound(models.Model):
    title = models.CharField(_("title"), max_length=255)
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The indicators and weights in force when the round opened.
    indicators = models.JSONField(_("indicators"), default=list)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")

    def __str__(self) -> str:
        return self.title


class EvaluationOutcome(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation")
    NORMAL = "normal", _("Normal")
    RECTIFICATION = "rectification", _("Rectification ordered")


class Commender(models.TextChoices):
    """Who commends a unit (第三十八条: 市文旅局、市人民政府将予以通报表扬)."""

    BUREAU = "bureau", _("The municipal culture and tourism bureau")
    CITY_GOVERNMENT = "city", _("The municipal people's government")
    BOTH = "both", _("The bureau and the municipal people's government")


class EvaluationStatus(models.TextChoices):
    SCORING = "scoring", _("Being scored")
    PUBLISHED = "published", _("Report published")


class Evaluation(models.Model):
    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="evaluations")
    unit = models.ForeignKey(
        "evaluations.ProtectedUnit", on_delete=models.PROTECT, related_name="evaluations"
    )
    obligation = models.ForeignKey(
        "evaluations.Obligation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    scorers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("scorers"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.SCORING,
    )
    total = models.DecimalField(
        _("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=EvaluationOutcome.choices, blank=True
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    # Set with a commendation only.
    commended_by = models.CharField(
        _("commended by"), max_length=8, choices=Commender.choices, blank=True
    )
    report_pdf = models.FileField(
        _("report"), storage=private_storage, upload_to=evaluation_path, blank=True
    )
    report_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-round__opened_on", "unit"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="evaluation_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"


class EvaluationScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("score (0–100)"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "indicator", "scorer"], name="score_once_per_scorer"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=Decimal("0")) & models.Q(score__lte=Decimal("100")),
                name="score_between_0_and_100",
            ),
        ]
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")

    def __str__(self) -> str:
        return f"{self.evaluation_id} · {self.indicator_id} · {self.score}"


class AcceptanceStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


class Acceptance(models.Model):
    """A county's application for acceptance of its experimental zone; a
    pass names it a cultural ecology protection zone (第十八条)."""

    unit = models.ForeignKey(
        "evaluations.ProtectedUnit", on_delete=models.PROTECT, related_name="acceptances"
    )
    obligation = models.ForeignKey(
        "evaluations.Obligation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report = models.FileField(
        _("acceptance report"), storage=private_storage, upload_to=acceptance_path
    )
    report_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AcceptanceStatus.choices,
        default=AcceptanceStatus.APPLIED,
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    plaque_pdf = models.FileField(
        _("plaque"), storage=private_storage, upload_to=acceptance_path, blank=True
    )
    notice_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_status_display()}"


class RectificationStatus(models.TextChoices):
    ORDERED = "ordered", _("Ordered")
    REPORTED = "reported", _("Report submitted")
    CLOSED = "closed", _("Rectified and closed")
    DELISTED = "delisted", _("Not rectified: delisted")


class RectificationOrder(models.Model):
    unit = models.ForeignKey(
        "evaluations.ProtectedUnit", on_delete=models.PROTECT, related_name="rectifications"
    )
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="rectifications"
    )
    obligation = models.ForeignKey(
        "evaluations.Obligation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # ["…", "…"]: what must be put right.
    items = models.JSONField(_("items"), default=list)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RectificationStatus.choices,
        default=RectificationStatus.ORDERED,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    report = models.FileField(
        _("rectification report"), storage=private_storage, upload_to=rectification_path, blank=True
    )
    report_text = models.TextField(_("what was done"), blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    notice_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("rectification order")
        verbose_name_plural = _("rectification orders")

    def __str__(self) -> str:
        return f"{self.unit} · {self.deadline.isoformat()}"


class UnitImport(models.Model):
    """One import of units approved before the portal (第三十九–四十条):
    what was read, what was refused, what was created."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    all_or_nothing = models.BooleanField(_("all or nothing"), default=True)
    dry_run = models.BooleanField(_("preview only"), default=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("units created"), default=0)
    # [{"row": 3, "errors": ["…"]}]
    errors = models.JSONField(_("errors"), default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("unit import")
        verbose_name_plural = _("unit imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"
