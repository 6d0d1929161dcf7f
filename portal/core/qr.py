"""QR codes for the portal's printed documents, as data URIs that
WeasyPrint embeds (no file, no network): vector SVG, so they print sharp
at any size."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_svg_data_uri(text: str) -> str:
    """Returns a ``data:image/svg+xml`` URI of the QR code of ``text``
    (error correction M, the standard quiet zone of four modules)."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathFillImage,
    )
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")
