"""The measures (管理办法): one page per version, under an index page."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from applications.selectors import rules_warnings
from portal.core.dates import add_years

from ..blocks import ChapterBlock
from .english import TITLE_PANELS, EnglishTitle, EnglishTitleAndIntro, intro_panels


class MeasureStatus(models.TextChoices):
    PENDING = "pending", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class MeasureIndexPage(EnglishTitleAndIntro, Page):
    """Lists every version of the measures, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = intro_panels()
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.MeasurePage"]
    max_count = 1

    class Meta:
        verbose_name = _("measures index")
        verbose_name_plural = _("measures indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["versions"] = (
            MeasurePage.objects.child_of(self).live().order_by("-effective_date", "-pk")
        )
        return context


class MeasurePage(EnglishTitle, RoutablePageMixin, Page):
    """One version of the measures: its document facts and its text as
    chapters of articles. Articles are addressable as ``#article-<n>``."""

    document_number = models.CharField(
        _("document number"), max_length=64, unique=True, help_text="景文旅字〔2020〕152号"
    )
    issuing_body = models.CharField(_("issuing body"), max_length=128)
    issue_date = models.DateField(_("issue date"))
    effective_date = models.DateField(_("effective date"))
    trial_period_years = models.PositiveSmallIntegerField(
        _("trial period (years)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the measures are not a trial."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.PENDING
    )
    body = StreamField([("chapter", ChapterBlock())], verbose_name=_("text"))
    source_sha256 = models.CharField(
        _("SHA-256 of the imported file"), max_length=64, blank=True, editable=False
    )

    content_panels = [
        *TITLE_PANELS,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("document_number"), FieldPanel("issuing_body")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("effective_date")]),
                FieldRowPanel([FieldPanel("trial_period_years"), FieldPanel("status")]),
            ],
            heading=_("Document"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]
    parent_page_types = ["cms.MeasureIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("measures version")
        verbose_name_plural = _("measures versions")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Whoever reads the version in force learns when its trial is over.
        context["measures_warnings"] = (
            rules_warnings(day=timezone.localdate(), markup=True)
            if self.status == MeasureStatus.IN_FORCE
            else []
        )
        return context

    @property
    def trial_end_date(self) -> datetime.date | None:
        """Returns the last day of the trial period, or None if the measures
        are not a trial. A period of N years from the issue date ends on the
        corresponding day N years later (民法典 第二百零一、二百零二条)."""
        if not self.trial_period_years:
            return None
        return add_years(self.issue_date, self.trial_period_years)

    def trial_has_ended(self, today: datetime.date | None = None) -> bool:
        """Returns True if the measures are a trial whose period is over
        (in Asia/Shanghai time)."""
        end = self.trial_end_date
        if end is None:
            return False
        return (today or timezone.localdate()) > end

    @property
    def chapters(self) -> list[dict]:
        """Returns the chapters as plain dicts: number, title and articles
        (each with number and paragraphs), in order."""
        return [
            {
                "number": block.value["number"],
                "title": block.value["title"],
                "articles": [
                    {
                        "number": article["number"],
                        "paragraphs": [p for p in article["text"].splitlines() if p.strip()],
                    }
                    for article in block.value["articles"]
                ],
            }
            for block in self.body
            if block.block_type == "chapter"
        ]

    def article_count(self) -> int:
        """Returns how many articles the text has."""
        return sum(len(chapter["articles"]) for chapter in self.chapters)

    def pdf_is_ready(self) -> bool:
        """Returns True if the worker has rendered this version's PDF."""
        return MeasurePdf.objects.filter(page=self).exclude(file="").exists()

    @path("pdf/", name="pdf")
    def pdf_view(self, request):
        """Serves the PDF of this version, once the worker has rendered it."""
        rendered = MeasurePdf.objects.filter(page=self).first()
        if rendered is None or not rendered.file:
            raise Http404
        return FileResponse(
            rendered.file.open("rb"),
            content_type="application/pdf",
            filename=f"{self.slug}.pdf",
        )

    def clean(self):
        super().clean()
        errors = {}
        clash = MeasurePage.objects.filter(document_number=self.document_number)
        if self.pk:
            clash = clash.exclude(pk=self.pk)
        if self.document_number and clash.exists():
            errors["document_number"] = _("Another version already has this document number.")
        if self.issue_date and self.effective_date and self.effective_date < self.issue_date:
            errors["effective_date"] = _("The effective date cannot be before the issue date.")
        expected = 1
        for position, chapter in enumerate(self.chapters, start=1):
            if chapter["number"] != position:
                errors["body"] = _(
                    "Chapters must be numbered 1, 2, 3… in order; chapter %(position)d is "
                    "numbered %(number)d."
                ) % {"position": position, "number": chapter["number"]}
                break
            for article in chapter["articles"]:
                if article["number"] != expected:
                    errors["body"] = _(
                        "Articles must be numbered 1, 2, 3… through the whole text; article "
                        "%(number)d stands where article %(expected)d belongs."
                    ) % {"number": article["number"], "expected": expected}
                    break
                expected += 1
        if errors:
            raise ValidationError(errors)


class MeasurePdf(models.Model):
    """The PDF of a version of the measures in the layout of official
    documents, rendered by a Celery task after each publication."""

    page = models.OneToOneField(MeasurePage, on_delete=models.CASCADE, related_name="pdf")
    file = models.FileField(upload_to="measures/pdf/")
    revision_id = models.PositiveBigIntegerField(
        help_text="The live revision the PDF was rendered from."
    )
    rendered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("measures PDF")
        verbose_name_plural = _("measures PDFs")

    def __str__(self) -> str:
        return self.file.name
