"""Publicity lists (公示, 第十二条): one page per published candidate list,
created when the bureau publishes it, never by hand. The objection form
and its follow-up live at the notice's address (…/objection/, …/follow/),
routed by the project's URLs to the applications app's views."""

from django.db import models
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from applications.selectors import publicity_candidates, publicity_status

from .. import selectors
from .english import TITLE_PANELS, EnglishTitle, EnglishTitleAndIntro, intro_panels


class PublicityIndexPage(EnglishTitleAndIntro, Page):
    """公示公告: every publicity list, open and closed, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = intro_panels()
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PublicityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("publicity index")
        verbose_name_plural = _("publicity indexes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = selectors.publicity_listing(index=self)
        return context


class PublicityPage(EnglishTitle, RoutablePageMixin, Page):
    """The public notice of one candidate list: its text, the candidates,
    the window's dates and live state, how to object; the objection form
    and the objection follow-up page are routes of it."""

    candidate_list = models.OneToOneField(
        "applications.CandidateList",
        verbose_name=_("candidate list"),
        on_delete=models.PROTECT,
        related_name="page",
    )
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=128)
    date = models.DateField(_("published on"))
    body = RichTextField(_("notice text"))
    contact = models.TextField(_("how to object and whom to contact"))

    content_panels = [
        *TITLE_PANELS,
        FieldRowPanel([FieldPanel("date", read_only=True), FieldPanel("document_number")]),
        FieldPanel("issuing_body"),
        FieldPanel("body"),
        FieldPanel("contact"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body"), index.FilterField("date")]
    parent_page_types = ["cms.PublicityIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("publicity notice")
        verbose_name_plural = _("publicity notices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        directory = selectors.unit_directory()
        context["directory_url"] = directory.url if directory else ""
        context["status"] = publicity_status(candidate_list=self.candidate_list)
        context["candidates"] = publicity_candidates(candidate_list=self.candidate_list)
        return context

    @path("")
    def notice(self, request):
        return self.render(request)

    @path("pdf/", name="notice_pdf")
    def notice_pdf(self, request):
        pdf = self.candidate_list.notice_pdf
        if not pdf:
            raise Http404(_("The PDF is being generated; please try again in a minute."))
        return FileResponse(
            pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{self.slug}.pdf",
            as_attachment=False,
        )
