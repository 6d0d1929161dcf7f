"""Expert review (论证评审): criteria, assignments with conflict declarations,
scores and opinions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..eligibility import Category
from .applications import Application, ApplicationKind


class ScoringCriterion(models.Model):
    """One criterion experts score, for a kind of application (and, for
    bases, optionally one category). Admins edit criteria, weights and
    maxima."""

    kind = models.CharField(_("kind"), max_length=16, choices=ApplicationKind.choices)
    category = models.CharField(
        _("category"),
        max_length=16,
        choices=Category.choices,
        blank=True,
        help_text=_("Leave empty for every category."),
    )
    code = models.SlugField(_("code"), max_length=32)
    label = models.CharField(_("criterion"), max_length=128)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["kind", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "category", "code"], name="scoring_criterion_unique"
            )
        ]
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")

    def __str__(self) -> str:
        return self.label


class ExpertAssignment(models.Model):
    """An expert asked to review one application. The expert declares no
    conflict of interest (回避) before seeing the file, or is excused."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="expert_assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    declared_no_conflict_at = models.DateTimeField(
        _("declared no conflict at"), null=True, blank=True
    )
    excused_at = models.DateTimeField(_("excused at"), null=True, blank=True)
    excuse_reason = models.TextField(_("reason for excusal"), blank=True)
    opinion = models.TextField(_("written opinion"), blank=True)
    submitted_at = models.DateTimeField(_("scores submitted at"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="expert_assigned_once")
        ]
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")

    def __str__(self) -> str:
        return f"{self.expert} → {self.application}"

    @property
    def may_open_file(self) -> bool:
        """Returns True once the expert has declared no conflict and is not
        excused."""
        return self.declared_no_conflict_at is not None and self.excused_at is None

    @property
    def is_done(self) -> bool:
        return self.submitted_at is not None or self.excused_at is not None


class ExpertScore(models.Model):
    assignment = models.ForeignKey(
        ExpertAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once")
        ]
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
