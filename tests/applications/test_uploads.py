"""Uploads are judged by content, size and name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.core.uploads import sanitise_filename, validate_upload


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("申报书.pdf", b"%PDF-1.7\n...", "pdf"),
        ("现场.JPG", b"\xff\xd8\xff\xe0" + b"0" * 20, "jpeg"),
        ("平面图.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "png"),
        ("名单.docx", ooxml("word/document.xml"), "docx"),
        ("统计.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
    ],
)
def test_accepted_kinds(name, content, kind):
    assert validate_upload(SimpleUploadedFile(name, content)) == kind


def test_an_exe_renamed_pdf_is_refused():
    upload = SimpleUploadedFile("申报书.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    with pytest.raises(ValidationError) as info:
        validate_upload(upload)
    assert info.value.code == "upload_kind"
    assert "申报书.pdf" in info.value.messages[0]


def test_a_zip_that_is_not_office_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.sh", "rm -rf /")
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("表格.xlsx", buffer.getvalue()))


def test_content_and_name_must_agree():
    with pytest.raises(ValidationError) as info:
        validate_upload(SimpleUploadedFile("照片.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20))
    assert info.value.code == "upload_name"


def test_an_oversize_file_is_refused(settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("大文件.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    with pytest.raises(ValidationError) as info:
        validate_upload(upload)
    assert info.value.code == "upload_size"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\a\\申报书（终稿）.PDF", "申报书（终稿）.pdf"),
        ("a;rm -rf $HOME.pdf", "a_rm -rf _HOME.pdf"),
        ("....pdf", "file.pdf"),
    ],
)
def test_names_are_sanitised(name, safe):
    assert sanitise_filename(name) == safe
