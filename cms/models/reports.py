"""Evaluation reports (评估报告, 第三十六条): every comprehensive evaluation's
report is published to the public. One page per concluded evaluation,
created by the bureau's conclude step, never by hand."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from applications.selectors import rules_on
from evaluations.models import EvaluationOutcome
from evaluations.selectors import unit_governments

from .. import selectors
from .english import TITLE_PANELS, EnglishTitle, EnglishTitleAndIntro, intro_panels

REPORTS_PER_PAGE = 20


class EvaluationReportIndexPage(EnglishTitleAndIntro, Page):
    """评估报告: every published evaluation report, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = intro_panels()
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EvaluationReportPage"]
    max_count = 1

    class Meta:
        verbose_name = _("evaluation report index")
        verbose_name_plural = _("evaluation report indexes")

    def reports(self):
        """Returns the live reports under this index, newest first."""
        return EvaluationReportPage.objects.child_of(self).live().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.reports(), REPORTS_PER_PAGE)
        try:
            context["reports"] = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            context["reports"] = paginator.page(1)
        except EmptyPage:
            context["reports"] = paginator.page(paginator.num_pages)
        context["evaluation_cycle_years"] = rules_on(
            day=timezone.localdate()
        ).evaluation_cycle_years
        return context


class EvaluationReportPage(EnglishTitle, RoutablePageMixin, Page):
    """The public report of one unit's comprehensive evaluation: the unit,
    the date, the score of each indicator, the weighted total, the outcome
    and the conclusion; the signed-off PDF is a route of the page. Its
    facts are copied from the evaluation when it is concluded and are not
    edited afterwards."""

    evaluation = models.OneToOneField(
        "evaluations.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "evaluations.ProtectedUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit_name = models.CharField(_("unit name"), max_length=255)
    issuing_body = models.CharField(_("issuing body"), max_length=128)
    round_title = models.CharField(_("evaluation round"), max_length=255)
    date = models.DateField(_("date of the report"))
    total = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2)
    outcome = models.CharField(_("outcome"), max_length=16, choices=EvaluationOutcome.choices)
    conclusion = models.TextField(_("conclusion"))
    # [{"name", "weight", "mean", "weighted"}] as printed in the report.
    scores = models.JSONField(_("scores"), default=list)

    content_panels = [
        *TITLE_PANELS,
        FieldRowPanel(
            [
                FieldPanel("unit_name", read_only=True),
                FieldPanel("date", read_only=True),
            ]
        ),
        FieldRowPanel([FieldPanel("total", read_only=True), FieldPanel("outcome", read_only=True)]),
        FieldPanel("issuing_body", read_only=True),
        FieldPanel("round_title", read_only=True),
        FieldPanel("conclusion", read_only=True),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("unit_name"),
        index.SearchField("conclusion"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.EvaluationReportIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        directory = selectors.unit_directory()
        context["unit_url"] = f"{directory.url}{self.unit.code}/" if directory else ""
        context["governments"] = unit_governments(unit=self.unit)
        return context

    @path("")
    def report(self, request):
        return self.render(request)

    @path("pdf/", name="report_pdf")
    def report_pdf(self, request):
        # Public by 第三十六条: served to anyone, like the page itself.
        pdf = self.evaluation.report_pdf
        if not pdf:
            raise Http404(_("The report PDF is not available."))
        return FileResponse(
            pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{self.slug}.pdf",
            as_attachment=False,
        )
