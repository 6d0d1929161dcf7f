"""The public directory of established units (保护区和保护基地名录)."""

from django.db import models
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from evaluations.filters import UnitDirectoryFilterSet
from evaluations.selectors import assessments_open_for_comment, unit_history, unit_list_public

from .english import EnglishTitleAndIntro, intro_panels


class UnitDirectoryPage(EnglishTitleAndIntro, RoutablePageMixin, Page):
    """Lists the established units; each unit's public page and its
    certificate are routes of this page. A self-assessment under public
    comment lives at …/<code>/self-assessment/<year>/, routed by the
    project's URLs to the units app's view."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = intro_panels()
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("directory of established units")
        verbose_name_plural = _("directories of established units")

    @path("")
    def listing(self, request):
        filters = UnitDirectoryFilterSet(request.GET or None, queryset=unit_list_public())
        units = filters.qs if filters.is_valid() else unit_list_public()
        return self.render(request, context_overrides={"units": units, "filters": filters})

    @path("<str:code>/")
    def unit(self, request, code):
        unit = get_object_or_404(unit_list_public(), code=code)
        return self.render(
            request,
            template="cms/unit_page.html",
            context_overrides={
                "unit": unit,
                "history": unit_history(unit=unit),
                "commenting": assessments_open_for_comment(unit=unit),
            },
        )

    @path("<str:code>/certificate/", name="certificate")
    def certificate(self, request, code):
        unit = get_object_or_404(unit_list_public(), code=code)
        if not unit.certificate_pdf:
            raise Http404(_("The certificate is being generated; please try again in a minute."))
        return FileResponse(
            unit.certificate_pdf.open("rb"),
            content_type="application/pdf",
            filename=f"{unit.code}.pdf",
        )
