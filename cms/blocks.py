"""StreamField blocks for the text of the measures: chapters of articles."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ArticleBlock(blocks.StructBlock):
    """One article (条). ``number`` counts through the whole measures; its
    paragraphs are the lines of ``text``."""

    number = blocks.IntegerBlock(min_value=1, label=_("Article number"))
    text = blocks.TextBlock(label=_("Text"), help_text=_("One paragraph per line."))

    class Meta:
        icon = "doc-full"
        label = _("Article")


class ChapterBlock(blocks.StructBlock):
    """One chapter (章) and its articles."""

    number = blocks.IntegerBlock(min_value=1, label=_("Chapter number"))
    title = blocks.CharBlock(max_length=100, label=_("Chapter title"))
    articles = blocks.ListBlock(ArticleBlock(), label=_("Articles"))

    class Meta:
        icon = "list-ul"
        label = _("Chapter")
