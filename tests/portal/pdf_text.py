"""Reading PDFs back in tests."""

import io
import re

from pypdf import PdfReader

PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def squeeze(text: str) -> str:
    """Returns text without any white space (line breaks fall anywhere in
    extracted Chinese)."""
    return "".join(text.split())


def pdf_text(data: bytes) -> str:
    """Returns the text of every page, page numbers removed, squeezed."""
    reader = PdfReader(io.BytesIO(data))
    return "".join(squeeze(PAGE_NUMBER.sub("", page.extract_text())) for page in reader.pages)


def pdf_fonts(data: bytes) -> set[str]:
    """Returns the base names of the embedded fonts (subset prefixes dropped)."""
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            embedded = descriptor and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if embedded:
                names.add(str(target["/BaseFont"]).lstrip("/").split("+")[-1])
    return names
