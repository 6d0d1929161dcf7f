"""Signal handlers that keep the site search index up to date, connected in
PortalConfig.ready.

Pages are indexed when they are published, not when they are saved: a
saved draft must not become searchable. Other registered models are indexed
on every save (see ``portal.search.search_register``)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move


def _page_published(sender, instance, **kwargs) -> None:
    from .services import search_entries_update_below, search_entry_update

    search_entry_update(obj=instance)
    # A new slug changes the URL of every page below.
    if not instance.is_leaf():
        search_entries_update_below(page=instance, moved_only=True)


def _page_unpublished(sender, instance, **kwargs) -> None:
    from .services import search_entry_remove

    search_entry_remove(obj=instance)


def _page_moved(sender, instance, **kwargs) -> None:
    from .services import search_entries_update_below, search_entry_update

    search_entry_update(obj=instance)
    search_entries_update_below(page=instance, moved_only=True)


def _object_deleted(sender, instance, **kwargs) -> None:
    from .services import search_entry_remove

    search_entry_remove(obj=instance)


def _object_saved(sender, instance, raw=False, **kwargs) -> None:
    from .services import search_entry_update

    # Fixtures being loaded (raw) may refer to rows not there yet.
    if not raw:
        search_entry_update(obj=instance)


def _view_restriction_changed(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    from .services import search_entries_update_below, search_entry_update

    # A private page and everything below it must leave the index, and come
    # back when the restriction goes.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        search_entry_update(obj=page)
        search_entries_update_below(page=page, moved_only=False)


def connect_model(model) -> None:
    """Keeps the index entries of a registered non-page model up to date."""
    label = model._meta.label_lower
    post_save.connect(_object_saved, sender=model, dispatch_uid=f"search-save-{label}")
    post_delete.connect(_object_deleted, sender=model, dispatch_uid=f"search-delete-{label}")


def disconnect_model(model) -> None:
    label = model._meta.label_lower
    post_save.disconnect(sender=model, dispatch_uid=f"search-save-{label}")
    post_delete.disconnect(sender=model, dispatch_uid=f"search-delete-{label}")


def connect() -> None:
    from wagtail.models import Page, PageViewRestriction

    from .registry import search_pages_register

    search_pages_register()
    page_published.connect(_page_published, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    # Deleting a page deletes its base Page row (and those of the pages below
    # it), whatever its type.
    post_delete.connect(_object_deleted, sender=Page, dispatch_uid="search-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-view-restriction-{signal is post_save}",
        )
