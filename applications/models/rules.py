"""The numbers of the measures, per measure version (第五条–第十八条)."""

from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin


class RuleSet(RevisionMixin, models.Model):
    """The thresholds and periods of one version of the measures. Admins
    edit them in the Wagtail admin; every save is a revision, so the history
    of each number is kept."""

    measure = models.OneToOneField(
        "cms.MeasurePage",
        verbose_name=_("measures version"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    min_site_area_m2 = models.DecimalField(
        _("minimum site area (m²)"), max_digits=9, decimal_places=1, default=Decimal("1000")
    )
    min_staff = models.PositiveIntegerField(_("minimum staff"), default=30)
    min_senior_staff_research = models.PositiveIntegerField(
        _("minimum staff with an associate-senior title (research bases)"), default=3
    )
    min_holistic_protection_years = models.PositiveSmallIntegerField(
        _("years of holistic protection before a reserve application"), default=2
    )
    master_plan_months = models.PositiveSmallIntegerField(
        _("months to file the master plan"), default=12
    )
    evaluation_cycle_years = models.PositiveSmallIntegerField(
        _("years between comprehensive evaluations"), default=3
    )
    supplement_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a supplement request"), default=10
    )
    # After establishment (第十三条–第十八条, 第三十五条–第三十六条).
    self_assessment_due_month = models.PositiveSmallIntegerField(
        _("self-assessment due: month of the next year"), default=1
    )
    self_assessment_due_day = models.PositiveSmallIntegerField(
        _("self-assessment due: day of that month"), default=31
    )
    acceptance_after_years = models.PositiveSmallIntegerField(
        _("years of plan implementation before acceptance"), default=3
    )
    plan_term_years = models.PositiveSmallIntegerField(
        _("default master plan term (years)"), default=10
    )
    near_term_max_years = models.PositiveSmallIntegerField(
        _("longest near-term phase of a plan (years)"), default=5
    )
    comment_working_days = models.PositiveSmallIntegerField(
        _("working days of public comment on a self-assessment"), default=10
    )
    reminder_days = models.CharField(
        _("reminders: days before a due date"),
        max_length=32,
        default="30,7,1",
        help_text=_("Comma-separated, e.g. 30,7,1."),
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="rule_set")

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return str(self.measure)

    @property
    def revisions(self):
        return self._revisions
