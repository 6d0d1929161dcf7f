"""The site search: what can be found and how it is shown.

Any model can be made searchable with one call, usually in its app's
``AppConfig.ready``::

    search_register(Unit, kind="unit", label=_("Protection base"),
                    document=lambda unit: SearchDocument(...) if unit.is_public else None)

The ``document`` function says what the public may find of an object, or
None when it may find nothing (a draft, a withdrawn list); the index then
forgets the object. This module holds the registry — data only —, the
pure text helpers (query terms, plain text, highlighted snippets) and the
generic document of a page, and imports nothing else of the search: rows
are written by ``portal.search.services``, read by
``portal.search.selectors``, and kept up to date by the receivers of
``portal.search.signals``, which consult the registry when a model
changes. The portal's own registrations are in ``portal.search.documents``.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

# A query is a handful of words; longer input is refused, not truncated.
QUERY_MAX_LENGTH = 100
SNIPPET_LENGTH = 160
# How much of the snippet comes before the first match.
SNIPPET_LEAD = 40


@dataclass(frozen=True)
class SearchDocument:
    """What the public may find of one object: where it is (a path on the
    site, in Chinese), its title, its plain text, its date and its content
    language (default: the site's)."""

    url_path: str
    title: str
    text: str
    date: datetime.date | None = None
    language: str = ""


@dataclass(frozen=True)
class SearchRegistration:
    model: type[models.Model]
    kind: str
    label: Any  # a lazy translation
    document: Callable[[Any], SearchDocument | None]


_registry: dict[type[models.Model], SearchRegistration] = {}


def search_register(
    model: type[models.Model],
    *,
    kind: str,
    label: Any,
    document: Callable[[Any], SearchDocument | None],
) -> None:
    """Makes ``model`` searchable: ``document(obj)`` gives what may be found
    of each object, or None. Registering a model again replaces its entry.

    Pages are indexed on publish, unpublish, move and delete; any other model
    on its own post_save and post_delete (``portal.search.signals``)."""
    _registry[model] = SearchRegistration(model=model, kind=kind, label=label, document=document)


def search_unregister(model: type[models.Model]) -> None:
    """Makes ``model`` unsearchable again from now on (its entries stay
    until the next rebuild)."""
    _registry.pop(model, None)


def search_registered(model: type[models.Model]) -> bool:
    """Returns True if ``model`` itself, not only a base class of it, is
    registered."""
    return model in _registry


def search_registration_for(obj_or_model: Any) -> SearchRegistration | None:
    """Returns the registration that applies to an object or model: its own
    class's, else the nearest registered base class's (so every page type
    falls back to the generic page registration), or None."""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for cls in model.__mro__:
        if cls in _registry:
            return _registry[cls]
    return None


def search_registrations() -> list[SearchRegistration]:
    """Returns every registration, in the order they were made."""
    return list(_registry.values())


def search_kind_labels() -> dict[str, Any]:
    """Returns the label of each kind of result (notice, measures…)."""
    return {registration.kind: registration.label for registration in _registry.values()}


# Text helpers ---------------------------------------------------------------


def search_text_normalise(parts: Iterable[Any]) -> str:
    """Returns plain-text parts as one line: empty parts left out, runs of
    whitespace (including the ideographic space) made one space."""
    return " ".join(word for part in parts if part for word in str(part).split())


def search_html_to_text(html: str) -> str:
    """Returns the plain text of rich-text HTML: tags removed, with space
    between blocks, entities decoded."""
    return get_text_for_indexing(html or "")


def search_terms_parse(*, query: str) -> list[str]:
    """Returns the whitespace-separated terms of a query, each once (case
    ignored), in their order. 陶瓷　传承 (ideographic space) is two terms."""
    terms: list[str] = []
    seen: set[str] = set()
    for term in query.split():
        if term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def _terms_pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    # Longest first, so that where terms overlap the longer one is marked.
    alternatives = sorted({re.escape(t) for t in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern | None) -> str:
    # Every piece of the text is escaped on its own and only the <mark> tags
    # are ours, so the text can never bring markup of its own; matching the
    # raw text (not the escaped one) also keeps a term like "<" or "&" from
    # matching inside an entity.
    if pattern is None:
        return escape(text)
    out = []
    position = 0
    for match in pattern.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def search_highlight(*, text: str, terms: list[str]) -> SafeString:
    """Returns ``text`` HTML-escaped, with each occurrence of a term wrapped
    in ``<mark>``."""
    return mark_safe(_marked(text, _terms_pattern(terms)))  # noqa: S308 (escaped above)


def search_snippet(*, text: str, terms: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """Returns about ``length`` characters of ``text`` around the first
    occurrence of any term (the start of the text if none occurs), HTML-
    escaped, terms wrapped in ``<mark>``, an ellipsis where text was cut."""
    pattern = _terms_pattern(terms)
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_LEAD) if match else 0
    end = min(len(text), start + length)
    # Near the end of the text, show a full-length snippet all the same.
    start = max(0, min(start, end - length))
    body = _marked(text[start:end], pattern)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + body + suffix)  # noqa: S308 (escaped in _marked)


# Pages ----------------------------------------------------------------------


def page_url_path(page) -> str | None:
    """Returns the path of a page's Chinese (default-language) URL relative
    to its site, whatever language is active (views add /en/ for English
    readers), or None if the page has no URL."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = page.get_url_parts()
    if not parts or parts[2] is None:
        return None
    return parts[2]


def _page_searchable_text(page) -> list[str]:
    """The page's own search fields (Wagtail's ``search_fields``) other than
    the title, flattened: rich text stripped, StreamFields as their text."""
    parts: list[str] = []
    seen = {"title"}
    for search_field in page.search_fields:
        name = search_field.field_name
        if not isinstance(search_field, index.SearchField) or name in seen:
            continue
        seen.add(name)
        value = getattr(page, name, None)
        if callable(value):
            value = value()
        try:
            field = page._meta.get_field(name)
        except FieldDoesNotExist:  # a method or property
            field = None
        if field is not None and hasattr(field, "get_searchable_content"):
            parts.extend(str(p) for p in field.get_searchable_content(value))
        elif value:
            parts.append(str(value))
    return parts


def page_document(
    page,
    *,
    text: Callable[[Any], Iterable[Any]] | None = None,
    date: Callable[[Any], datetime.date | None] | None = None,
) -> SearchDocument | None:
    """Returns what the public may find of a page: None unless it is live,
    has no view restriction (itself or above), has a URL, is not an alias
    (its original is indexed) and has some text.

    ``text(page)`` gives the text to search (default: the page's search
    fields other than its title); ``date(page)`` its date (default: the day
    it was last published)."""
    if not page.live or page.alias_of_id or page.get_view_restrictions().exists():
        return None
    url_path = page_url_path(page)
    if url_path is None:
        return None
    parts = list(text(page)) if text else _page_searchable_text(page)
    body = search_text_normalise(parts)
    if not body:
        # Pages without text of their own (the home page, index pages) are
        # ways to content, not content: listing them would only push the
        # notices and measures down.
        return None
    if date is not None:
        day = date(page)
    elif page.last_published_at:
        day = timezone.localdate(page.last_published_at)
    else:
        day = None
    return SearchDocument(
        url_path=url_path,
        title=page.title,
        text=body,
        date=day,
        language=page.locale.language_code,
    )
