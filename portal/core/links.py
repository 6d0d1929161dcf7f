"""The page a notification concerns, as an absolute link (issue 15, item 8).

Every message and email the portal sends carries the link of the page it
is about — for its recipient: an applicant is sent to its own page of the
application or unit, the bureau's staff to the object's page in the
administration, someone without an account to the public page. The apps
register, per model, how their objects are reached (``link_register``);
portal.core knows none of them (it sits below every app).

Links are absolute on WAGTAILADMIN_BASE_URL, the setting Wagtail itself
uses for the links in its notification emails."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.urls import reverse

# resolver(about, recipient) -> a path or an absolute URL, or None when it
# has no page for that recipient (then the administration, then the home).
Resolver = Callable[[models.Model, AbstractBaseUser | None], str | None]

_RESOLVERS: dict[type, Resolver] = {}
_HOME: list[Resolver] = []


def link_register(model: type, resolver: Resolver) -> None:
    """Registers how the objects of ``model`` (and its subclasses) are linked."""
    _RESOLVERS[model] = resolver


def link_home_register(resolver: Resolver) -> None:
    """Registers the page a recipient is sent to when nothing more precise
    exists (the applicant's own page)."""
    _HOME[:] = [resolver]


def page_link(page) -> str | None:
    """The absolute link of a Wagtail page on the portal's one base URL
    (not the Wagtail Site's host, which may differ), or None."""
    parts = page.get_url_parts() if page is not None else None
    return absolute_url(parts[2]) if parts else None


def absolute_url(path: str) -> str:
    """``path`` made absolute on the portal's base URL (an absolute URL is
    returned as it is)."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + path.lstrip("/")


def _admin_url(about: models.Model, recipient: AbstractBaseUser) -> str | None:
    if not recipient.has_perm("wagtailadmin.access_admin"):
        return None
    from wagtail.admin.admin_url_finder import AdminURLFinder

    return AdminURLFinder(recipient).get_edit_url(about)


def notification_link(*, about: models.Model, recipient: AbstractBaseUser | None = None) -> str:
    """Returns the absolute link of the page ``about`` for ``recipient``
    (None: someone without an account, who sees public pages only): the
    app's resolver for the model, else the object's page in the
    administration for staff, else the registered home (the administration's
    home for staff), else the site."""
    for cls in type(about).__mro__:
        resolver = _RESOLVERS.get(cls)
        if resolver is not None:
            path = resolver(about, recipient)
            if path:
                return absolute_url(path)
            break
    if recipient is not None:
        path = _admin_url(about, recipient)
        if path:
            return absolute_url(path)
        for home in _HOME:
            path = home(about, recipient)
            if path:
                return absolute_url(path)
        if recipient.has_perm("wagtailadmin.access_admin"):
            return absolute_url(reverse("wagtailadmin_home"))
    return absolute_url("/")
