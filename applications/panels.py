"""Admin panels of the rule sets: each number of the measures shown with
the sentence it was read from."""

from django.utils.translation import gettext as _
from wagtail.admin.panels import FieldPanel

from .measures.numbers import plain_number


class NumberFromTextPanel(FieldPanel):
    """A number of the measures, its help text saying where it was read:
    the article and sentence, or that the text does not state it and whose
    number is kept; and when staff changed it from the text."""

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            source = (getattr(self.instance, "sources", None) or {}).get(self.field_name)
            if source:
                self.help_text = number_source_text(source, getattr(self.instance, self.field_name))


def number_source_text(source: dict, value) -> str:
    """Returns where a number was read, as the admin and the import say it."""
    if source.get("stated"):
        text = _("Read from %(article)s: “%(sentence)s”") % {
            "article": source.get("article", ""),
            "sentence": source.get("sentence", ""),
        }
        read = source.get("value")
        if read is not None and value is not None and str(read) != str(plain_number(value)):
            text += " " + _("The text says %(read)s; staff corrected it.") % {"read": read}
        return text
    return _("Not stated in the text (looked for in %(article)s): kept from %(version)s.") % {
        "article": source.get("article", ""),
        "version": source.get("kept_from") or _("the bundled measures"),
    }
