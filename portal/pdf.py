"""PDF rendering with WeasyPrint.

Documents follow the layout of official documents (GB/T 9704-2012) with the
Noto CJK fonts from Debian's fonts-noto-cjk in place of the standard's
commercial fonts; WeasyPrint embeds the subset of each font it uses, so the
text extracts back to the same characters.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict) -> bytes:
    """Returns the PDF rendered from an HTML template, in Chinese whatever
    language the caller has active."""
    from weasyprint import HTML  # imported late: it loads Pango at import

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
