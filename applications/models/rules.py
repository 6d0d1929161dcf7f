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

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="rule_set")

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return str(self.measure)

    @property
    def revisions(self):
        return self._revisions
