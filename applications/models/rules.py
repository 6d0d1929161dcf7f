"""The measures as data: one rule set per version of the measures — the
version itself (document number, dates, trial) and the numbers it sets
(第五条–第十八条, 第三十六条), with the bureau's practice beside them — and
``Rules``, the immutable reading of a rule set that every judgement uses."""

import dataclasses
import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import RevisionMixin

from portal.core.dates import add_years
from portal.core.models import FirstDayRule

from ..measures.numbers import plain_number
from ..measures.text import parse_measures
from ..panels import NumberFromTextPanel


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

    # The numbers of the measures (第五条（九）–第三十六条). No defaults: the
    # import reads each from the version's text (applications.measures.
    # numbers), or keeps the previous version's where the text is silent;
    # ``sources`` says which, with the sentence.
    min_site_area_m2 = models.DecimalField(
        _("minimum site area (m²)"), max_digits=9, decimal_places=1
    )
    min_staff = models.PositiveIntegerField(_("minimum staff"))
    min_senior_staff_research = models.PositiveIntegerField(
        _("minimum staff with an associate-senior title (research bases)")
    )
    min_holistic_protection_years = models.PositiveSmallIntegerField(
        _("years of holistic protection before a reserve application")
    )
    publicity_working_days = models.PositiveSmallIntegerField(_("publicity period (working days)"))
    master_plan_months = models.PositiveSmallIntegerField(_("months to file the master plan"))
    evaluation_cycle_years = models.PositiveSmallIntegerField(
        _("years between comprehensive evaluations")
    )
    acceptance_after_years = models.PositiveSmallIntegerField(
        _("years of plan implementation before acceptance")
    )
    plan_term_years = models.PositiveSmallIntegerField(_("usual master plan term (years)"))
    near_term_max_years = models.PositiveSmallIntegerField(
        _("usual longest near-term phase of a plan (years)")
    )
    # {"min_staff": {"stated": true, "article": "第七条（六）", "sentence": "…"},
    #  "plan_term_years": {"stated": false, "article": "第十六条", "sentence": "",
    #                      "kept_from": "景文旅字〔2020〕152号"}}
    sources = models.JSONField(_("where each number was read"), default=dict, blank=True)

    # The bureau's practice: not numbers of the measures, labelled so.
    # 第十二条 says how long; whether the publication day counts is practice.
    publicity_first_day = models.CharField(
        _("first day of the publicity period"),
        max_length=16,
        choices=FirstDayRule.choices,
        default=FirstDayRule.SAME_DAY,
    )
    supplement_working_days = models.PositiveSmallIntegerField(
        _("working days to answer a supplement request"), default=10
    )
    # When a year's self-assessment (第三十五条 says only 每年) is due.
    self_assessment_due_month = models.PositiveSmallIntegerField(
        _("self-assessment due: month of the next year"), default=1
    )
    self_assessment_due_day = models.PositiveSmallIntegerField(
        _("self-assessment due: day of that month"), default=31
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
    # 第四十条 applies "建设管理工作" to bases too; whether a base owes the
    # self-assessment and the comprehensive evaluation chapter 3 sets for
    # reserves is the bureau's reading, per kind. The master plan and its
    # acceptance (第十三条–第十八条) are a reserve's alone.
    bases_self_assess = models.BooleanField(
        _("bases file the annual self-assessment (第三十五条, by 第四十条)"), default=True
    )
    bases_evaluated = models.BooleanField(
        _("bases are evaluated comprehensively (第三十六条, by 第四十条)"), default=True
    )

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="rule_set")

    panels = [
        MultiFieldPanel(
            [
                FieldPanel(name, read_only=True)
                for name in ("title", "document_number", "issue_date", "effective_date")
            ]
            + [
                FieldPanel("trial_period_years", read_only=True),
                FieldPanel("published", read_only=True),
            ],
            heading=_("The version (from its page)"),
        ),
        MultiFieldPanel(
            [
                NumberFromTextPanel(name)
                for name in (
                    "min_site_area_m2",
                    "min_staff",
                    "min_senior_staff_research",
                    "min_holistic_protection_years",
                    "publicity_working_days",
                    "master_plan_months",
                    "plan_term_years",
                    "near_term_max_years",
                    "acceptance_after_years",
                    "evaluation_cycle_years",
                )
            ],
            heading=_(
                "The numbers of the measures (read from the text; correct a misreading here)"
            ),
        ),
        MultiFieldPanel(
            [
                FieldPanel("publicity_first_day"),
                FieldPanel("supplement_working_days"),
                FieldPanel("comment_working_days"),
                FieldRowPanel(
                    [FieldPanel("self_assessment_due_month"), FieldPanel("self_assessment_due_day")]
                ),
                FieldPanel("reminder_days"),
            ],
            heading=_("The bureau's practice (not numbers of the measures)"),
        ),
        MultiFieldPanel(
            [FieldPanel("bases_self_assess"), FieldPanel("bases_evaluated")],
            heading=_("Duties of protection bases (the bureau's reading of Article 40)"),
        ),
    ]

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
            **{name: getattr(self, name) for name in CARRIED}
            | {"min_site_area_m2": plain_number(self.min_site_area_m2)},
            reminder_days=reminder_days_parse(self.reminder_days),
        )


# The numbers of the measures: read from each version's text.
MEASURE_NUMBERS = (
    "min_site_area_m2",
    "min_staff",
    "min_senior_staff_research",
    "min_holistic_protection_years",
    "publicity_working_days",
    "master_plan_months",
    "plan_term_years",
    "near_term_max_years",
    "acceptance_after_years",
    "evaluation_cycle_years",
)
# The bureau's practice, kept apart: set by staff, never read from the text.
PRACTICE = (
    "publicity_first_day",
    "supplement_working_days",
    "comment_working_days",
    "self_assessment_due_month",
    "self_assessment_due_day",
    "bases_self_assess",
    "bases_evaluated",
)
# What Rules carries as it is.
CARRIED = MEASURE_NUMBERS + PRACTICE
# What an application keeps of the rules it was judged by at submission.
SNAPSHOT = (
    "min_site_area_m2",
    "min_staff",
    "min_senior_staff_research",
    "min_holistic_protection_years",
    "supplement_working_days",
)


@functools.cache
def bundled_numbers() -> dict:
    """Returns the numbers of the measures the bundled text states, read
    once per process. Raises ImproperlyConfigured when the file cannot be
    read or does not state one of them."""
    path = settings.MEASURES_BUNDLED_FILE
    try:
        parsed = parse_measures(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"MEASURES_BUNDLED_FILE {path}: {exc}") from exc
    values = {r.field: r.value for r in parsed.readings if r.field in MEASURE_NUMBERS}
    missing = [name for name in MEASURE_NUMBERS if values.get(name) is None]
    if missing:
        raise ImproperlyConfigured(f"MEASURES_BUNDLED_FILE {path} does not state {missing}")
    values["min_site_area_m2"] = Decimal(values["min_site_area_m2"])
    return values


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
    bases_self_assess: bool
    bases_evaluated: bool
    reminder_days: tuple[int, ...]

    @classmethod
    def defaults(cls, **numbers) -> "Rules":
        """Returns the rules of no version, for a site where no version has
        been imported yet: the numbers the bundled text states
        (settings.MEASURES_BUNDLED_FILE, the 2020 measures) and the
        practice's defaults, with ``numbers`` instead where given."""
        return dataclasses.replace(RuleSet(**bundled_numbers()).rules(), measure_id=None, **numbers)

    def trial_over(self, day: datetime.date) -> bool:
        """Returns True if this version is a trial whose period ended
        before ``day``."""
        return self.trial_end is not None and day > self.trial_end

    def as_dict(self) -> dict:
        """Returns what an application keeps of the rules it was judged by."""
        return {
            name: str(value) if isinstance(value, Decimal) else value
            for name in SNAPSHOT
            for value in (getattr(self, name),)
        }
