"""The obligations of established units and the reminders sent for them.

Each obligation is one thing a unit owes by a due date (a master plan, a
year's self-assessment, a comprehensive evaluation, an acceptance, a
rectification report). The daily job (services.obligations_run) creates
them, reminds and escalates; constraints make it safe to run twice."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ObligationKind(models.TextChoices):
    MASTER_PLAN = "master_plan", _("Master plan")
    SELF_ASSESSMENT = "self_assessment", _("Annual self-assessment")
    EVALUATION = "evaluation", _("Comprehensive evaluation")
    ACCEPTANCE = "acceptance", _("Acceptance")
    RECTIFICATION = "rectification", _("Rectification report")


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("To do")
    SUBMITTED = "submitted", _("Submitted, awaiting the bureau")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the unit still has to act.
ACTIVE_OBLIGATION_STATES = (ObligationStatus.OPEN,)


class Obligation(models.Model):
    unit = models.ForeignKey(
        "evaluations.ProtectedUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ObligationKind.choices)
    # The year a self-assessment covers, the cycle of an evaluation, 1 for a
    # master plan or an acceptance; none for a rectification report (one
    # per order).
    period = models.PositiveSmallIntegerField(_("year or cycle"), null=True, blank=True)
    due_date = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    overdue_since = models.DateField(_("overdue since"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            # The daily job creates each obligation once, however often it runs.
            models.UniqueConstraint(
                fields=["unit", "kind", "period"],
                condition=models.Q(period__isnull=False),
                name="obligation_once_per_period",
            )
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        label = self.get_kind_display()
        if self.kind == ObligationKind.SELF_ASSESSMENT and self.period:
            label = f"{self.period} {label}"
        return f"{self.unit} · {label} · {self.due_date.isoformat()}"


class ObligationReminder(models.Model):
    """One reminder (``days_before`` > 0) or escalation (0: overdue) sent for
    an obligation. Unique per obligation and offset: two runs of the daily
    job, or two beat processes, cannot send the same reminder twice."""

    OVERDUE = 0

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("days before the due date"))
    run = models.UUIDField(_("run of the daily job"))
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["obligation", "-days_before"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "days_before"], name="reminder_once_per_offset"
            )
        ]
        indexes = [models.Index(fields=["run"])]

    def __str__(self) -> str:
        return f"{self.obligation_id}: {self.days_before}"


def obligation_label(obligation: Obligation) -> str:
    """Returns what an obligation is, in words: “2025 annual self-assessment”."""
    label = str(ObligationKind(obligation.kind).label)
    if obligation.kind == ObligationKind.SELF_ASSESSMENT and obligation.period:
        return gettext("Self-assessment for %(year)s") % {"year": obligation.period}
    if obligation.kind == ObligationKind.EVALUATION and obligation.period:
        return gettext("%(what)s (cycle %(n)d)") % {"what": label, "n": obligation.period}
    return label
