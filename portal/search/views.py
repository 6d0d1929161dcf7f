"""The public search page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import translate_url
from django.utils import translation
from django.views.decorators.http import require_GET

from portal.core.errors import form_problems

from .forms import SearchForm
from .models import SearchEntry
from .registry import (
    search_highlight,
    search_kind_labels,
    search_snippet,
    search_terms_parse,
)
from .selectors import search_entry_list

RESULTS_PER_PAGE = 20


def _url_for_reader(url_path: str) -> str:
    # Entries keep the Chinese URL; an English reader gets the /en/ one.
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return url_path
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(url_path, language)


def _result(entry: SearchEntry, terms: list[str], labels: dict) -> dict:
    return {
        "url": _url_for_reader(entry.url_path),
        "title": search_highlight(text=entry.title, terms=terms),
        "snippet": search_snippet(text=entry.text, terms=terms),
        "kind": labels.get(entry.kind, entry.kind),
        "date": entry.date,
        # As BCP 47 writes it, like <html lang>: zh-hans → zh-Hans.
        "language": translation.to_locale(entry.language).replace("_", "-"),
    }


@require_GET
def search(request: HttpRequest) -> TemplateResponse:
    """Shows the search form and, for a query, the public pages and objects
    that contain every one of its terms, 20 to a page."""
    form = SearchForm(request.GET)
    valid = form.is_valid()
    query = form.cleaned_data["q"] if valid else request.GET.get("q", "").strip()
    context: dict = {"query": query, "error": "", "results": None, "page_obj": None}
    if not valid:
        context["error"] = " ".join(form_problems(form))
    elif query:
        terms = search_terms_parse(query=query)
        paginator = Paginator(search_entry_list(terms=terms), RESULTS_PER_PAGE)
        page_obj = paginator.get_page(form.cleaned_data["page"])
        labels = search_kind_labels()
        context["page_obj"] = page_obj
        context["results"] = [_result(entry, terms, labels) for entry in page_obj]
    return TemplateResponse(request, "search/search.html", context)
