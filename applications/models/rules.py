"""The measures as data: one rule set per version of the measures — the
version itself (document number, dates, trial) and the numbers it sets
(第五条–第十八条, 第三十六条), with the bureau's practice beside them — and
``Rules``, the immutable reading of a rule set that every judgement uses."""

import dataclasses
import datetime
from decimal import Decimal

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin

from portal.core.dates import add_years
from portal.core.models import FirstDayRule


class RuleSet(RevisionMixin, models.Model):
    """The version of the measures and its numbers. The public site keeps the
    version's facts in step with its page (the measures import creates the
    rule set); administrators edit the numbers in the Wagtail admin, and
    every save is a revision, so the history of each number is kept."""

    measure = models.OneToOneField(
        "cms.MeasurePage",
        verbose_name=_("measures version"),
        on_delete=models.PROTECT,
        related_name="rules",
    )
    # The version, as published (kept in step with its page).
    title = models.CharField(_("title"), max_length=255, blank=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    trial_period_years = models.PositiveSmallIntegerField(
        _("trial period (years)"), null=True, blank=True
    )
    published = models.BooleanField(_("published"), default=True)

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
    # 第十二条: how long a candidate list is publicised, and whether the
    # publication day counts.
    publicity_working_days = models.PositiveSmallIntegerField(
        _("publicity period (working days)"), default=20
    )
    publicity_first_day = models.CharField(
        _("first day of the publicity period"),
        max_length=16,
        choices=FirstDayRule.choices,
        default=FirstDayRule.SAME_DAY,
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
        ordering = ["effective_date", "pk"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self) -> str:
        return self.title or self.document_number or str(self.measure_id)

    @property
    def revisions(self):
        return self._revisions

    def rules(self) -> "Rules":
        """Returns the rules this rule set states."""
        return Rules(
            measure_id=self.measure_id,
            title=self.title,
            document_number=self.document_number,
            effective_date=self.effective_date,
            trial_end=(
                add_years(self.issue_date, self.trial_period_years)
                if self.issue_date and self.trial_period_years
                else None
            ),
            **{name: getattr(self, name) for name in NUMBERS},
            reminder_days=reminder_days_parse(self.reminder_days),
        )


# The numbers of a rule set that Rules carries as they are.
NUMBERS = (
    "min_site_area_m2",
    "min_staff",
    "min_senior_staff_research",
    "min_holistic_protection_years",
    "publicity_working_days",
    "publicity_first_day",
    "master_plan_months",
    "evaluation_cycle_years",
    "supplement_working_days",
    "self_assessment_due_month",
    "self_assessment_due_day",
    "acceptance_after_years",
    "plan_term_years",
    "near_term_max_years",
    "comment_working_days",
)
# What an application keeps of the rules it was judged by at submission.
SNAPSHOT = (
    "min_site_area_m2",
    "min_staff",
    "min_senior_staff_research",
    "min_holistic_protection_years",
    "supplement_working_days",
)


def reminder_days_parse(text: str) -> tuple[int, ...]:
    """Returns the reminder offsets of "30,7,1" as (30, 7, 1), largest first;
    anything that is not a positive number is ignored."""
    days = {int(p) for p in text.replace("，", ",").split(",") if p.strip().isdigit()}
    default = RuleSet._meta.get_field("reminder_days").default
    return tuple(sorted((d for d in days if d > 0), reverse=True)) or reminder_days_parse(default)


@dataclasses.dataclass(frozen=True)
class Rules:
    """What the version of the measures in force on a day says, read from
    its rule set: the version (None and blanks when none is in force) and
    every number a judgement, a window or an obligation uses."""

    measure_id: int | None
    title: str
    document_number: str
    effective_date: datetime.date | None
    trial_end: datetime.date | None
    min_site_area_m2: Decimal
    min_staff: int
    min_senior_staff_research: int
    min_holistic_protection_years: int
    publicity_working_days: int
    publicity_first_day: str
    master_plan_months: int
    evaluation_cycle_years: int
    supplement_working_days: int
    self_assessment_due_month: int
    self_assessment_due_day: int
    acceptance_after_years: int
    plan_term_years: int
    near_term_max_years: int
    comment_working_days: int
    reminder_days: tuple[int, ...]

    @classmethod
    def defaults(cls, **numbers) -> "Rules":
        """Returns the rules of no version: the rule set's defaults (the
        numbers of the 2020 measures), with ``numbers`` instead where given."""
        return dataclasses.replace(RuleSet().rules(), **numbers)

    def as_dict(self) -> dict:
        """Returns what an application keeps of the rules it was judged by."""
        return {
            name: str(value) if isinstance(value, Decimal) else value
            for name in SNAPSHOT
            for value in (getattr(self, name),)
        }
