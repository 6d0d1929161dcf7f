"""Signal handlers that keep the site search index up to date, connected in
PortalConfig.ready.

Pages are indexed when they are published, not when they are saved: a
saved draft must not become searchable. Other registered models are indexed
on every save: the handlers listen to every model and ask the registry
(``portal.search.registry``) whether the sender is registered, so a model
registered at any time is kept up to date from then on."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.models import UnitDirectoryPage
from evaluations.models import ProtectedUnit

from .registry import search_registered
from .services import search_entries_update_below, search_entry_remove, search_entry_update


def _page_published(sender, instance, **kwargs) -> None:
    search_entry_update(obj=instance)
    # A new slug changes the URL of every page below.
    if not instance.is_leaf():
        search_entries_update_below(page=instance, moved_only=True)


def _page_unpublished(sender, instance, **kwargs) -> None:
    search_entry_remove(obj=instance)


def _page_moved(sender, instance, **kwargs) -> None:
    search_entry_update(obj=instance)
    search_entries_update_below(page=instance, moved_only=True)


def _indexed_on_save(model) -> bool:
    # Pages are indexed on publish, never on save; other models when they
    # are registered themselves (not through a base class).
    return search_registered(model) and not issubclass(model, Page)


def _object_deleted(sender, instance, **kwargs) -> None:
    # Deleting a page deletes its base Page row (and those of the pages
    # below it), whatever its type: that is the one to handle.
    if sender is Page or _indexed_on_save(sender):
        search_entry_remove(obj=instance)


def _object_saved(sender, instance, raw=False, **kwargs) -> None:
    # Fixtures being loaded (raw) may refer to rows not there yet.
    if not raw and _indexed_on_save(sender):
        search_entry_update(obj=instance)


def _view_restriction_changed(sender, instance, **kwargs) -> None:
    # A private page and everything below it must leave the index, and come
    # back when the restriction goes.
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        search_entry_update(obj=page)
        search_entries_update_below(page=page, moved_only=False)


def _unit_places_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    # Counties and townships are set after the unit is saved: index it again
    # with them.
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        units = ProtectedUnit.objects.filter(pk__in=pk_set or ())
    else:
        units = [instance]
    for unit in units:
        search_entry_update(obj=unit)


def _unit_directory_published(sender, instance, **kwargs) -> None:
    # A new slug of the directory moves every unit's page.
    for unit in ProtectedUnit.objects.select_related("county").prefetch_related(
        "townships", "counties"
    ):
        search_entry_update(obj=unit)


def connect() -> None:
    """Connects the handlers (PortalConfig.ready)."""
    page_published.connect(_page_published, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_unpublished, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    post_save.connect(_object_saved, dispatch_uid="search-object-saved")
    post_delete.connect(_object_deleted, dispatch_uid="search-object-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search-view-restriction-{signal is post_save}",
        )
    for field in ("townships", "counties"):
        m2m_changed.connect(
            _unit_places_changed,
            sender=getattr(ProtectedUnit, field).through,
            dispatch_uid=f"search-unit-{field}",
        )
    page_published.connect(
        _unit_directory_published, sender=UnitDirectoryPage, dispatch_uid="search-unit-directory"
    )
