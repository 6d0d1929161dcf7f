"""Atom feeds of the public site (RFC 4287).

Every feed is a subclass of ``PortalAtomFeed``; a feed of Wagtail pages only
says which pages and what they are called::

    class PublicityFeed(PortalAtomFeed):
        title_text = _("Publicity lists")
        def items(self, obj): return selectors.publicity_list_latest(limit=self.limit)

and gets its URL, outside i18n_patterns, in portal/urls.py. Items that are
not pages override ``item_link``, ``item_updateddate`` and ``item_summary``.
"""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from cms.models import PortalSettings, PublicityIndexPage, PublicityPage
from cms.selectors import notice_index, notice_list_latest

from .search.registry import search_html_to_text

FEED_ITEMS = 50
SUMMARY_LENGTH = 200


class PortalAtomFeed(Feed):
    """An Atom feed in Chinese, whatever the reader's language: feed URLs
    have no language prefix. Items are Wagtail pages unless the subclass
    says otherwise."""

    feed_type = Atom1Feed
    limit = FEED_ITEMS
    title_text = ""

    def __call__(self, request: HttpRequest, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request: HttpRequest, *args, **kwargs) -> HttpRequest:
        # Items and titles may depend on the site asked for; feed methods
        # receive what this returns.
        return request

    def title(self, request: HttpRequest) -> str:
        return f"{self.title_text} · {settings.WAGTAIL_SITE_NAME}"

    def link(self, request: HttpRequest) -> str:
        return "/"

    def feed_guid(self, request: HttpRequest) -> str:
        # The feed's own address identifies it (atom:id).
        return request.build_absolute_uri(request.path)

    def author_name(self, request: HttpRequest) -> str:
        # RFC 4287 wants an author; the bureau running the site, or the
        # site's name while no Wagtail site is set up.
        if Site.find_for_request(request) is None:
            return settings.WAGTAIL_SITE_NAME
        return PortalSettings.for_request(request).bureau_name or settings.WAGTAIL_SITE_NAME

    def item_title(self, item) -> str:
        return item.title

    def item_link(self, item) -> str:
        return item.get_url()

    def item_pubdate(self, item) -> datetime.datetime | None:
        return item.first_published_at

    def item_updateddate(self, item) -> datetime.datetime:
        return item.last_published_at or item.first_published_at or timezone.now()

    def item_summary(self, item) -> str:
        """Returns the item's summary as plain text."""
        return item.search_description

    def item_description(self, item) -> str:
        # Atom summaries are sent as type="html": plain text must be escaped
        # once more, or a "<" in it would be read as markup.
        text = Truncator(" ".join(self.item_summary(item).split())).chars(SUMMARY_LENGTH)
        return escape(text)


class NoticeFeed(PortalAtomFeed):
    """The latest 50 live public notices, newest first."""

    title_text = _("Notices")

    def link(self, request: HttpRequest) -> str:
        index = notice_index()
        return (index.get_url(request) if index else None) or "/"

    def items(self, request: HttpRequest):
        return notice_list_latest(limit=self.limit)

    def item_summary(self, item) -> str:
        return item.search_description or search_html_to_text(item.body)


class PublicityFeed(PortalAtomFeed):
    """The latest 50 live public publicity lists, newest first, each
    summarised by its window's dates and the start of its text."""

    title_text = _("Publicity lists")

    def link(self, request: HttpRequest) -> str:
        index = PublicityIndexPage.objects.live().first()
        return (index.get_url(request) if index else None) or "/"

    def items(self, request: HttpRequest):
        return list(
            PublicityPage.objects.live()
            .public()
            .select_related("candidate_list__period")
            .order_by("-date", "-pk")[: self.limit]
        )

    def item_summary(self, item) -> str:
        period = item.candidate_list.period
        window = _(
            "The publicity window runs from %(start)s to 24:00 on %(end)s (Beijing time)."
        ) % {
            "start": date_format(period.start_date, "DATE_FORMAT"),
            "end": date_format(period.end_date, "DATE_FORMAT"),
        }
        return f"{window} {search_html_to_text(item.body)}"
