"""Notices (通知公告)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .english import TITLE_PANELS, EnglishTitle, EnglishTitleAndIntro, intro_panels

NOTICES_PER_PAGE = 20


class NoticeIndexPage(EnglishTitleAndIntro, Page):
    """通知公告: lists its notices, newest first, a page at a time."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = intro_panels()
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NoticePage"]

    class Meta:
        verbose_name = _("notice index")
        verbose_name_plural = _("notice indexes")

    def notices(self):
        """Returns the live notices under this index, newest first."""
        return NoticePage.objects.child_of(self).live().order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.notices(), NOTICES_PER_PAGE)
        try:
            context["notices"] = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            context["notices"] = paginator.page(1)
        except EmptyPage:
            context["notices"] = paginator.page(paginator.num_pages)
        return context


class NoticePage(EnglishTitle, Page):
    """One notice: its date, optional document number and issuing body, and
    its text."""

    date = models.DateField(_("date"), default=timezone.localdate)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=128, blank=True)
    body = RichTextField(_("text"))

    content_panels = [
        *TITLE_PANELS,
        FieldRowPanel([FieldPanel("date"), FieldPanel("document_number")]),
        FieldPanel("issuing_body"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body"), index.FilterField("date")]
    parent_page_types = ["cms.NoticeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
