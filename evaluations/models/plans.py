"""Master plans (总体规划, 第十三条–第十六条) and their changes (第三十七条)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage


def plan_path(instance, filename: str) -> str:
    return f"plans/{instance.unit_id}/{filename}"


def plan_change_path(instance, filename: str) -> str:
    return f"plans/changes/{instance.plan_id}/{filename}"


class FilingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    FILED = "filed", _("Filed (acknowledged)")
    RETURNED = "returned", _("Returned")


class MasterPlan(models.Model):
    unit = models.ForeignKey(
        "evaluations.ProtectedUnit", on_delete=models.PROTECT, related_name="plans"
    )
    obligation = models.ForeignKey(
        "evaluations.Obligation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A plan filed on paper before the portal may come without its file.
    document = models.FileField(
        _("plan document"), storage=private_storage, upload_to=plan_path, blank=True
    )
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    starts_on = models.DateField(_("term starts on"))
    # 第十六条: the term is "generally" the rules' default and the near term
    # "generally" at most the rules' years; other values carry a reason.
    term_years = models.PositiveSmallIntegerField(_("term (years)"))
    near_term_years = models.PositiveSmallIntegerField(_("near term (years)"))
    # The phases after the near term are optional ("可根据要求分为").
    mid_term_years = models.PositiveSmallIntegerField(_("mid term (years)"), null=True, blank=True)
    long_term_years = models.PositiveSmallIntegerField(
        _("long term (years)"), null=True, blank=True
    )
    term_reason = models.TextField(_("reason for a term other than the default"), blank=True)
    # The day the bureau acknowledged a plan filed before the portal
    # (imported); None for plans filed on the portal (decided_at says).
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    core_townships = models.ManyToManyField(
        "applications.Township", verbose_name=_("core area"), related_name="+"
    )
    dissemination_townships = models.ManyToManyField(
        "applications.Township", verbose_name=_("dissemination area"), blank=True, related_name="+"
    )
    # Villages and communities, free text under each chosen township:
    # {"<township pk>": ["名", …]}.
    villages = models.JSONField(_("villages and communities"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED
    )
    # A plan approved through a change replaces the one before it.
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    bureau_note = models.TextField(_("bureau's note"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("master plan")
        verbose_name_plural = _("master plans")

    def __str__(self) -> str:
        return f"{self.unit} · {self.starts_on.year}–{self.starts_on.year + self.term_years - 1}"


class PlanChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class PlanChange(models.Model):
    """A request to change a filed plan: the new plan, with evidence that
    residents were consulted and the county government consents."""

    plan = models.ForeignKey(MasterPlan, on_delete=models.PROTECT, related_name="changes")
    new_plan = models.OneToOneField(
        MasterPlan, on_delete=models.PROTECT, related_name="change_request"
    )
    reason = models.TextField(_("reason for the change"))
    consultation = models.FileField(
        _("evidence of residents' consultation"),
        storage=private_storage,
        upload_to=plan_change_path,
    )
    consent = models.FileField(
        _("county government's consent"), storage=private_storage, upload_to=plan_change_path
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=PlanChangeStatus.choices,
        default=PlanChangeStatus.SUBMITTED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self) -> str:
        return f"{self.plan} → {self.new_plan_id}"
