"""Checks of applicants' uploads: kind by content, size, file name."""

import hashlib
import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# The kinds accepted and the names they may carry.
EXTENSIONS = {
    "pdf": {".pdf"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
}
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def sniff(head: bytes, file) -> str | None:
    """Returns the kind of the file from its content, or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            file.seek(0)
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names:
            for kind, part in _OOXML_PART.items():
                if part in names:
                    return kind
    return None


def upload_sha256(upload: UploadedFile) -> str:
    """Returns the SHA-256 of ``upload``'s content (hex), read in chunks;
    the file is left at its start, to be stored next."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def upload_problems(upload: UploadedFile | None, *, missing: str) -> list[str]:
    """Returns why ``upload`` is refused (validate_upload), or ``missing``
    when there is none (an empty ``missing``: a file is optional)."""
    if upload is None:
        return [missing] if missing else []
    try:
        validate_upload(upload)
    except ValidationError as refused:
        return list(refused.messages)
    return []


def sanitise_filename(name: str) -> str:
    """Returns a safe file name: no folders, no control or shell characters,
    Chinese kept, at most 100 characters before the extension."""
    name = unicodedata.normalize("NFC", os.path.basename(name.replace("\\", "/")))
    stem, dot, extension = name.rpartition(".")
    stem, extension = (stem, f".{extension}") if dot else (name, "")
    stem = re.sub(r"[^\w\u4e00-\u9fff（）()\-. ]+", "_", stem).strip(" ._") or "file"
    extension = re.sub(r"[^\w.]", "", extension.lower())
    return f"{stem[:100]}{extension}"


def validate_upload(upload: UploadedFile) -> str:
    """Returns the kind of an acceptable upload (pdf, jpeg, png, docx, xlsx).

    Raises ValidationError, saying why, for a file too large, of another
    kind whatever its name says, or whose name does not match its content."""
    limit = settings.PORTAL_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; files may be at most %(limit).0f MB.")
            % {"name": upload.name, "size": upload.size / 2**20, "limit": limit / 2**20},
            code="upload_size",
        )
    upload.seek(0)
    head = upload.read(16)
    kind = sniff(head, upload)
    upload.seek(0)
    if kind is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPEG, PNG, DOCX or XLSX file (judged by its content, "
                "not its name)."
            )
            % {"name": upload.name},
            code="upload_kind",
        )
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "“%(name)s” is a %(kind)s file but its name ends in “%(extension)s”; rename it "
                "to %(expected)s."
            )
            % {
                "name": upload.name,
                "kind": kind.upper(),
                "extension": extension or "",
                "expected": " / ".join(sorted(EXTENSIONS[kind])),
            },
            code="upload_name",
        )
    return kind
