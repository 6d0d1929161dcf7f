"""Reads of the site search index."""

from django.db.models import Case, F, Q, QuerySet, Value, When

from .models import SearchEntry


def search_entry_list(*, terms: list[str], language: str | None = None) -> QuerySet[SearchEntry]:
    """Returns the index entries containing every term (in the title or the
    text, case ignored), those with more terms in the title first, then the
    newest. No terms, no entries. ``language`` keeps only entries in that
    content language.

    Substring matching, not full text: Chinese has no spaces between words,
    and ``icontains`` finds 陶瓷 inside 景德镇陶瓷文化 on SQLite and
    PostgreSQL alike."""
    if not terms:
        return SearchEntry.objects.none()
    entries = SearchEntry.objects.all()
    if language:
        entries = entries.filter(language=language)
    for term in terms:
        entries = entries.filter(Q(title__icontains=term) | Q(text__icontains=term))
    title_hits = sum(
        (Case(When(title__icontains=term, then=Value(1)), default=Value(0)) for term in terms),
        start=Value(0),
    )
    return entries.annotate(title_hits=title_hits).order_by(
        "-title_hits", F("date").desc(nulls_last=True), "-pk"
    )
