"""What the public may find of the portal's own content: the pages of the
public site and the established units. Registered by
``PortalConfig.ready``; the receivers of ``portal.search.signals`` keep
their entries up to date."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from applications.measures.numerals import to_chinese
from applications.selectors import publicity_candidates
from cms.models import MeasurePage, NoticePage, PublicityPage
from cms.selectors import unit_directory
from evaluations.models import ProtectedUnit

from .registry import (
    SearchDocument,
    page_document,
    page_url_path,
    search_html_to_text,
    search_register,
    search_text_normalise,
)

# Pages ----------------------------------------------------------------------


def _measure_text(page) -> list[str]:
    # Written as on the page (第十二条 …), so that a search for 第十二条 finds
    # the article.
    parts = [page.document_number, page.issuing_body]
    for chapter in page.chapters:
        parts.append(f"第{to_chinese(chapter['number'])}章 {chapter['title']}")
        for article in chapter["articles"]:
            parts.append(f"第{to_chinese(article['number'])}条")
            parts.extend(article["paragraphs"])
    return parts


def _notice_text(page) -> list[str]:
    return [page.document_number, page.issuing_body, search_html_to_text(page.body)]


def _publicity_text(page) -> list[str]:
    # The candidates' names too: a workshop looks for the list it is on.
    candidates = [row["name"] for row in publicity_candidates(candidate_list=page.candidate_list)]
    return [page.document_number, page.issuing_body, search_html_to_text(page.body), *candidates]


def search_pages_register() -> None:
    """Registers the pages of the public site: measures, notices,
    publicity lists, and any other page type through its Wagtail
    ``search_fields``."""
    search_register(Page, kind="page", label=_("Page"), document=page_document)
    search_register(
        MeasurePage,
        kind="measure",
        label=_("Measures"),
        document=lambda page: page_document(page, text=_measure_text, date=lambda p: p.issue_date),
    )
    search_register(
        NoticePage,
        kind="notice",
        label=_("Notice"),
        document=lambda page: page_document(page, text=_notice_text, date=lambda p: p.date),
    )
    search_register(
        PublicityPage,
        kind="publicity",
        label=_("Publicity list"),
        document=lambda page: page_document(page, text=_publicity_text, date=lambda p: p.date),
    )


# Established units ----------------------------------------------------------


def unit_document(unit) -> SearchDocument | None:
    """Returns what the public may find of an established unit (all are
    public, delisted ones too): its name, status, counties (a reserve may
    span several), townships and ICH projects, at its page in the directory;
    None while the site has no directory."""
    directory = unit_directory()
    directory_path = page_url_path(directory) if directory else None
    if directory_path is None:
        return None
    # The index is in Chinese whatever language the editor works in.
    with translation.override(settings.LANGUAGE_CODE):
        status = str(unit.get_status_display())
    projects = [p.get("name", "") for p in unit.ich_projects if isinstance(p, dict)]
    counties = [unit.county.name, *(c.name for c in unit.counties.all() if c.pk != unit.county_id)]
    return SearchDocument(
        url_path=f"{directory_path}{unit.code}/",
        title=unit.name,
        text=search_text_normalise(
            [status, *counties, *(t.name for t in unit.townships.all()), *projects]
        ),
        date=unit.established_on,
    )


def search_units_register() -> None:
    """Registers the established units (kind "unit"); the receivers index a
    unit again when it, its counties, its townships or the directory page
    change."""
    search_register(ProtectedUnit, kind="unit", label=_("Established unit"), document=unit_document)
