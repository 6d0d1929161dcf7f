"""English titles kept with each page (the site's content language is
Chinese; wagtail-localize is not used): an English title, and an English
introduction where an index page has one, shown on the English site
(/en/) in place of the Chinese ones. Empty means "not translated": the
Chinese text is shown, marked as Chinese."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class EnglishTitle(models.Model):
    """An English title beside the page's Chinese title."""

    title_en = models.CharField(
        _("English title"),
        max_length=255,
        blank=True,
        help_text=_("Shown on the English site. Leave empty to show the Chinese title there."),
    )

    class Meta:
        abstract = True


class EnglishTitleAndIntro(EnglishTitle):
    """An English title and an English introduction."""

    intro_en = models.TextField(
        _("English introduction"),
        blank=True,
        help_text=_("Shown on the English site. Leave empty to show the Chinese introduction."),
    )

    class Meta:
        abstract = True


# The content panel's title, with the English title beside it.
TITLE_PANELS = [*Page.content_panels, FieldPanel("title_en")]


def intro_panels() -> list:
    """The title and introduction panels of an index page, each Chinese
    field followed by its English one."""
    return [*TITLE_PANELS, FieldPanel("intro"), FieldPanel("intro_en")]
