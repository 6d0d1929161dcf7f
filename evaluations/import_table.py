"""The table of units approved before the portal (第三十九–四十条), as
the bureau uploads it: which files are read (CSV in UTF-8, with or without
BOM, or GB18030; XLSX), the columns and the headers accepted for them,
the words for kinds and categories, and the ways of writing a date.

Reads only: from the file's bytes to numbered rows of cells and the
position of each column. Checking the rows is import_rows.py; creating
the units is services/importing.py."""

import contextlib
import csv
import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterator

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from applications.eligibility import Category
from applications.models import ApplicationKind

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# Enforced while reading, so that a small file of a huge sheet is refused
# before it fills memory: the columns of a row, the rows of a sheet (blank
# ones included) and what an XLSX (a zip of XML) unpacks to.
MAX_COLUMNS = 50
MAX_SHEET_ROWS = 20_000
MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
# The cells of an XLSX's sheets, empty ones included: parsing costs by the
# cell, and a row of a few bytes per empty cell fits millions in the caps
# above. Twice a full table (2,000 rows of 50 columns).
MAX_CELLS = 200_000

# The columns, each with the headers accepted for it: the template's
# Chinese header first, then aliases.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("名称", "单位名称", "name"),
    "kind": ("类型", "kind", "type"),
    "category": ("类别", "基地类别", "category"),
    "county": ("所在县", "县（市、区）", "所在县（市、区）", "县", "county"),
    "established_on": ("设立日期", "established_on", "established"),
    "plan_filed_on": ("总体规划备案日期", "规划备案日期", "plan_filed_on"),
    "last_evaluation_on": ("最近评估日期", "last_evaluation_on", "last_evaluation"),
    "uscc": ("统一社会信用代码", "信用代码", "uscc"),
    "accepted_on": ("验收通过日期", "验收日期", "accepted_on"),
}
REQUIRED_COLUMNS = ("name", "kind", "county", "established_on", "uscc")
TEMPLATE_HEADERS = [headers[0] for headers in COLUMNS.values()]

KINDS = {
    "保护区": ApplicationKind.RESERVE,
    "实验区": ApplicationKind.RESERVE,
    "文化生态保护区": ApplicationKind.RESERVE,
    "文化生态保护实验区": ApplicationKind.RESERVE,
    "reserve": ApplicationKind.RESERVE,
    "保护基地": ApplicationKind.BASE,
    "基地": ApplicationKind.BASE,
    "base": ApplicationKind.BASE,
}
CATEGORIES = {
    "生产性保护示范基地": Category.PRODUCTION,
    "生产性保护基地": Category.PRODUCTION,
    "传承基地": Category.TRANSMISSION,
    "传播基地": Category.DISSEMINATION,
    "研究基地": Category.RESEARCH,
    **{c.value: c for c in Category},
}
# The kinds that say a reserve already passed acceptance (第十八条): it is
# imported as a cultural ecology protection zone, not an experimental zone.
ACCEPTED_KINDS = {"文化生态保护区"}
# Day 0 of Excel's serial dates (1900 system, after its 1900-02-29 bug).
EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (row 0 in the report)."""


def cell_text(value) -> str:
    """Returns a cell as text: numbers without a trailing “.0”, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    """Returns the text of a CSV file: UTF-8 with or without BOM, else
    GB18030 (what Chinese Excel writes when saving as CSV)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is neither UTF-8 nor GB18030 text: save it as CSV (UTF-8) or XLSX.")
        ) from error


# How a cell starts in a worksheet's XML (some writers prefix the namespace).
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b":c ", b":c>", b":c/>")


def _cells_declared(archive: zipfile.ZipFile) -> int:
    """Returns at most a few more than the number of cells of all the
    workbook's sheets, empty ones included, counted in the raw XML at the
    speed of unzipping. openpyxl parses a row's cells all at once, and one
    row may hold millions of empty ones; only this bounds the time."""
    cells = 0
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        tail = b""
        with archive.open(name) as part:
            while chunk := part.read(1024 * 1024):
                # A tag cut by the chunk's end is counted with the next one
                # (and a short one in the tail may be counted twice).
                text = tail + chunk
                cells += sum(text.count(tag) for tag in _CELL_TAGS)
                tail = chunk[-3:]
    return cells


def xlsx_check(file) -> None:
    """Refuses (ImportFileError) an XLSX file (bytes in a file object) that
    is no zip, unpacks to more than MAX_UNCOMPRESSED_BYTES or has more than
    MAX_CELLS cells: a small file of a huge sheet, found without parsing
    it."""
    try:
        with zipfile.ZipFile(file) as archive:
            # Declared sizes bound what is read: zipfile reads no more than
            # a member declares.
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > MAX_UNCOMPRESSED_BYTES:
                raise ImportFileError(
                    _(
                        "The workbook unpacks to more than %(mb)d MB: keep only the table of "
                        "units in it, or save it as CSV."
                    )
                    % {"mb": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}
                )
            cells = _cells_declared(archive)
    # RuntimeError: an encrypted member; NotImplementedError: a compression
    # zipfile does not know.
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    if cells > MAX_CELLS:
        raise ImportFileError(
            _(
                "The workbook has more than %(n)d cells (empty ones included): keep only the "
                "table of units in it, or save it as CSV."
            )
            % {"n": MAX_CELLS}
        )


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list]]:
    """Yields the rows of an XLSX file's first sheet as (row number,
    cells), streamed: openpyxl's read-only mode parses one row at a time
    instead of building the whole sheet in memory. Raises ImportFileError
    for a file that is no workbook, unpacks to more than
    MAX_UNCOMPRESSED_BYTES or has more than MAX_CELLS cells (a small file
    of a huge sheet)."""
    xlsx_check(io.BytesIO(data))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        # The dimension the file declares may claim a million rows and
        # 16,384 columns, which openpyxl would pad every row to: ignored.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(min_row=1, max_row=MAX_SHEET_ROWS + 1, values_only=True)
        yield from enumerate(rows, start=1)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as error:
        # SyntaxError: malformed XML (ElementTree's ParseError).
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    """Yields the rows of a CSV (or tab-separated) file as (row number,
    cells). Raises ImportFileError for text that is not UTF-8 or GB18030,
    holds NUL characters or is malformed."""
    text = _decode(data)
    if "\x00" in text:
        # UTF-16 text (Excel's “Unicode text”) or binary data: no table
        # holds a NUL, and PostgreSQL stores none, not even in a
        # problem reported.
        raise ImportFileError(
            _("The file contains NUL characters: save it as CSV (UTF-8) or XLSX.")
        )
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file is malformed: %(error)s") % {"error": error}
        ) from error


def table_read(data: bytes, file_name: str) -> list[tuple[int, list]]:
    """Returns the rows of the file's first sheet that are not blank, as
    (row number, cells), counted from 1 like a spreadsheet.

    Read row by row, the caps enforced while reading: raises ImportFileError
    as soon as the file shows itself too large (more than MAX_BYTES, or
    for an XLSX more than MAX_UNCOMPRESSED_BYTES unpacked), with more than
    MAX_ROWS rows that are not blank besides the header, a cell after the
    MAX_COLUMNS-th column, or a row after the MAX_SHEET_ROWS-th (blank rows
    included); and when it is empty, of another kind or malformed."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("Old Excel files (.xls) cannot be read: save the table as .xlsx or CSV.")
        )
    if data.startswith(b"PK\x03\x04"):
        source = _xlsx_rows(data)
    elif file_name.lower().endswith(".xlsx"):
        raise ImportFileError(_("The file is not a readable XLSX workbook."))
    else:
        source = _csv_rows(data)
    with contextlib.closing(source):
        return _rows_capped(source)


def _rows_capped(source: Iterator[tuple[int, list]]) -> list[tuple[int, list]]:
    """Returns the rows of ``source`` that are not blank, refusing the
    table (ImportFileError) at the first row past a cap."""
    rows = []
    for number, cells in source:
        if number > MAX_SHEET_ROWS:
            raise ImportFileError(
                _(
                    "The sheet goes on past row %(n)d (blank rows included): delete the rows "
                    "below the table, or save it as CSV."
                )
                % {"n": MAX_SHEET_ROWS}
            )
        if any(cell_text(c) for c in cells[MAX_COLUMNS:]):
            raise ImportFileError(
                _("Row %(row)d has more than %(n)d columns: keep only the table of units.")
                % {"row": number, "n": MAX_COLUMNS}
            )
        cells = list(cells[:MAX_COLUMNS])
        # Blank rows (a sheet formatted far down) do not count and are not
        # kept; the others keep their numbers.
        if not any(cell_text(c) for c in cells):
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS + 1:  # the header besides MAX_ROWS data rows
            raise ImportFileError(
                _("The table has more than %(n)d rows: split it into several files.")
                % {"n": MAX_ROWS}
            )
    return rows


def _header_key(text: str) -> str:
    """Returns a header as compared: no spaces, asterisks or notes in
    brackets (“设立日期（YYYY-MM-DD）”), lower case."""
    text = re.sub(r"[\s*＊\ufeff]", "", text)
    text = re.sub(r"[（(][^）)]*[）)]$", "", text) or text
    return text.lower()


_HEADER_FIELDS = {_header_key(h): name for name, headers in COLUMNS.items() for h in headers}
# “县（市、区）” must not lose its brackets to the notes rule above.
_HEADER_FIELDS.update({re.sub(r"\s", "", h).lower(): n for n, hs in COLUMNS.items() for h in hs})


def header_columns(header: list, *, number: int) -> dict[str, int]:
    """Returns the position of each known column in the header row (row
    ``number``); raises ImportFileError naming the missing or repeated
    ones."""
    positions: dict[str, int] = {}
    repeated = []
    for index, cell in enumerate(header):
        text = cell_text(cell)
        name = _HEADER_FIELDS.get(re.sub(r"[\s\ufeff]", "", text).lower()) or _HEADER_FIELDS.get(
            _header_key(text)
        )
        if name is None:
            continue  # other columns (remarks…) are ignored
        if name in positions:
            repeated.append(text)
        positions[name] = index
    problems = []
    missing = [COLUMNS[name][0] for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        problems.append(
            _("Row %(row)d (the header) lacks the column(s) %(columns)s.")
            % {"row": number, "columns": "、".join(f"“{c}”" for c in missing)}
        )
    if repeated:
        problems.append(
            _("Row %(row)d (the header) repeats the column(s) %(columns)s.")
            % {"row": number, "columns": "、".join(f"“{c}”" for c in repeated)}
        )
    if problems:
        raise ImportFileError(" ".join(problems))
    return positions


def parse_date(value) -> datetime.date:
    """Returns the date of a cell: an Excel date, an Excel serial number,
    2019-03-15, 2019/3/15, 2019.3.15 or 2019年3月15日; raises ValueError."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 100_000:
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(value)
    text = cell_text(value)
    match = DATE_PATTERN.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)
