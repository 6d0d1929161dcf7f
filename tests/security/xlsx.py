"""Hand-made XLSX workbooks of any size, written row by row: openpyxl's
writer would take longer than the reader under test."""

import io
import zipfile

_XML = '<?xml version="1.0" encoding="UTF-8"?>'
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats"
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="{_PACKAGE}/content-types">'
    f'<Default Extension="rels" ContentType="{_TYPE}-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    f'ContentType="{_TYPE}-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_TYPE}-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}">'
    '<sheets><sheet name="units" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def huge_xlsx(*, rows: int, columns: int, value: str = "1") -> bytes:
    """Returns a workbook whose one sheet has ``rows`` rows of ``columns``
    numeric cells each, declared as the whole sheet (A1:XFD1048576); being
    the same cell over and over, it compresses to almost nothing."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        row = "<row>" + f"<c><v>{value}</v></c>" * columns + "</row>"
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                f'{_XML}<worksheet xmlns="{_MAIN}">'
                '<dimension ref="A1:XFD1048576"/><sheetData>'.encode()
            )
            encoded = row.encode()
            for _ in range(rows):
                sheet.write(encoded)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()
