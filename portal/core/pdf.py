"""PDF rendering with WeasyPrint.

Documents follow the layout of official documents (GB/T 9704-2012) with the
Noto CJK fonts from Debian's fonts-noto-cjk in place of the standard's
commercial fonts; WeasyPrint embeds the subset of each font it uses, so the
text extracts back to the same characters.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template_name: str, context: dict) -> bytes:
    """Returns the PDF rendered from an HTML template, in Chinese whatever
    language the caller has active."""
    from weasyprint import HTML  # imported late: it loads Pango at import

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_replace(field_file, *, filename: str, data: bytes) -> dict:
    """Stores the PDF ``data`` in a model's file field in place of any
    earlier file (the caller saves the instance), and returns what the
    audit log records of it: its SHA-256 and size."""
    if field_file:
        field_file.delete(save=False)
    field_file.save(filename, ContentFile(data), save=False)
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
