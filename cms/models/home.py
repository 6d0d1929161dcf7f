"""The home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from evaluations.selectors import unit_list_public

from .. import selectors
from .english import EnglishTitleAndIntro, intro_panels
from .publicity import PublicityIndexPage

LATEST_NOTICES = 5


class HomePage(EnglishTitleAndIntro, Page):
    """The site root: introduction, the measures in force, the latest
    notices."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = intro_panels()
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.MeasureIndexPage",
        "cms.NoticeIndexPage",
        "cms.PublicityIndexPage",
        "cms.UnitDirectoryPage",
        "cms.EvaluationReportIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["measure"] = selectors.measure_in_force()
        context["measure_index"] = selectors.measure_index()
        context["notice_index"] = selectors.notice_index()
        context["latest_notices"] = selectors.notice_list_latest(limit=LATEST_NOTICES)
        context["open_publicity"] = selectors.publicity_open_now()
        context["publicity_index"] = PublicityIndexPage.objects.live().first()
        context["directory"] = selectors.unit_directory()
        context["unit_count"] = unit_list_public().count()
        return context
