"""Writes to the site search index (``SearchEntry``).

Called by the signal handlers in ``portal.search.signals`` whenever a
registered object changes, and by ``manage.py search_rebuild``."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from wagtail.models import Page

from .models import SearchEntry
from .registry import (
    SearchDocument,
    SearchRegistration,
    page_url_path,
    search_registration_for,
    search_registrations,
)


def _reference(obj: models.Model) -> tuple[int, str]:
    # A page is indexed under its specific type; post_delete hands over the
    # base Page, which still knows that type.
    if isinstance(obj, Page) and obj.content_type_id:
        return obj.content_type_id, str(obj.pk)
    return ContentType.objects.get_for_model(obj).pk, str(obj.pk)


def _specific(obj: models.Model) -> models.Model:
    if isinstance(obj, Page) and type(obj) is not obj.specific_class:
        return obj.specific
    return obj


def _fields(registration: SearchRegistration, document: SearchDocument) -> dict:
    return {
        "url_path": document.url_path[:1024],
        "title": document.title[:255],
        "text": document.text,
        "kind": registration.kind,
        "date": document.date,
        "language": document.language or settings.LANGUAGE_CODE,
    }


def search_entry_update(*, obj: models.Model) -> SearchEntry | None:
    """Brings the index entry of ``obj`` up to date with what its
    registration says the public may find.

    Returns the entry, or None when there is nothing to find (the object's
    type is not registered, or it is a draft, unpublished, private…), in
    which case any entry it had is removed."""
    obj = _specific(obj)
    registration = search_registration_for(obj)
    document = registration.document(obj) if registration else None
    if document is None:
        search_entry_remove(obj=obj)
        return None
    content_type_id, object_id = _reference(obj)
    entry, _ = SearchEntry.objects.update_or_create(
        content_type_id=content_type_id,
        object_id=object_id,
        defaults=_fields(registration, document),
    )
    return entry


def search_entry_remove(*, obj: models.Model) -> int:
    """Removes ``obj`` from the index. Returns how many entries went (0 or
    1)."""
    content_type_id, object_id = _reference(obj)
    deleted, _ = SearchEntry.objects.filter(
        content_type_id=content_type_id, object_id=object_id
    ).delete()
    return deleted


def search_entries_update_below(*, page, moved_only: bool) -> int:
    """Re-indexes the live pages below ``page``. With ``moved_only``, only
    those whose indexed URL no longer lies under the page's URL (after a
    move or a change of slug): one query when nothing moved.

    Returns how many pages were re-indexed."""
    descendants = Page.objects.descendant_of(page).live()
    if moved_only:
        prefix = page_url_path(page)
        types = dict(descendants.values_list("pk", "content_type_id"))
        stale = SearchEntry.objects.filter(object_id__in=[str(pk) for pk in types])
        if prefix is not None:
            stale = stale.exclude(url_path__startswith=prefix)
        ids = [
            int(object_id)
            for object_id, content_type_id in stale.values_list("object_id", "content_type_id")
            if types.get(int(object_id)) == content_type_id
        ]
        descendants = descendants.filter(pk__in=ids)
    count = 0
    for descendant in descendants.specific():
        search_entry_update(obj=descendant)
        count += 1
    return count


@transaction.atomic
def search_entries_rebuild() -> int:
    """Empties the index and indexes every registered object again: every
    live public page, and every object of the other registered models.
    Readers see the old index until the rebuild commits.

    Returns how many entries the index now has."""
    SearchEntry.objects.all().delete()
    entries = []

    def add(obj: models.Model) -> None:
        registration = search_registration_for(obj)
        document = registration.document(obj) if registration else None
        if document is not None:
            content_type_id, object_id = _reference(obj)
            entries.append(
                SearchEntry(
                    content_type_id=content_type_id,
                    object_id=object_id,
                    **_fields(registration, document),
                )
            )

    pages_registered = False
    for registration in search_registrations():
        if issubclass(registration.model, Page):
            pages_registered = True
            continue
        for obj in registration.model._default_manager.all().iterator():
            add(obj)
    if pages_registered:
        for page in Page.objects.live().public().specific():
            add(page)
    SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)
