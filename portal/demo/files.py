"""Small real files for the demo's materials: a one-page PDF written by
hand (valid cross-reference table, one line of text) and a PNG image made
with zlib and struct — no WeasyPrint or Pillow needed, so seeding stays
fast."""

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def demo_pdf_bytes(text: str) -> bytes:
    """Returns a valid one-page A4 PDF showing ``text`` (ASCII; other
    characters are replaced) in Helvetica."""
    line = text.encode("ascii", "replace").replace(b"\\", b"\\\\")
    line = line.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 14 Tf 72 770 Td (" + line + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def demo_png_bytes(width: int = 48, height: int = 32, seed: int = 0) -> bytes:
    """Returns an RGB PNG of a glaze-like blue and white gradient."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            shade = (x * 255 // max(width - 1, 1) + seed * 37) % 256
            rows += bytes((shade // 3, 60 + shade // 2, 160 + (y * 95 // max(height - 1, 1))))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def demo_pdf(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_pdf_bytes(text), content_type="application/pdf")


def demo_png(name: str, seed: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, demo_png_bytes(seed=seed), content_type="image/png")
