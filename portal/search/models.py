"""The site search index: one row per public thing that can be found."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """A denormalised copy of what the public search looks in: title and
    plain text of one page or object, where it is and when it is dated.

    Chinese is written without spaces, so a word-based full-text index does
    not find 陶瓷 in 景德镇陶瓷文化; searching substrings of this table
    (``icontains``) does, on SQLite and PostgreSQL alike. Rows are written by
    ``portal.search.services`` only, never edited by hand."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Text, not an integer: a generic reference must fit any primary key.
    object_id = models.CharField(max_length=64)
    obj = GenericForeignKey("content_type", "object_id")
    url_path = models.CharField(_("URL"), max_length=1024)
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    kind = models.CharField(_("kind"), max_length=32)
    date = models.DateField(_("date"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=16)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="portal_searchentry_unique_object"
            )
        ]

    def __str__(self) -> str:
        return self.title
