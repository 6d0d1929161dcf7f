"""The table of units approved before the portal (第三十九–四十条), as
the bureau uploads it: which files are read (CSV in UTF-8, with or without
BOM, or GB18030; XLSX), the columns and the headers accepted for them,
the words for kinds and categories, and the ways of writing a date.

Reads only: from the file's bytes to numbered rows of cells and the
position of each column. Checking the rows is import_rows.py; creating
the units is services/importing.py."""

import csv
import datetime
import io
import re
import zipfile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from applications.eligibility import Category
from applications.models import ApplicationKind

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000

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


def table_read(data: bytes, file_name: str) -> list[tuple[int, list]]:
    """Returns the rows of the file's first sheet as (row number, cells),
    counted from 1 like a spreadsheet; raises ImportFileError when the file
    is too large, empty, of another kind or malformed, or has more than
    MAX_ROWS rows that are not blank."""
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
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
            raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
        sheet = workbook.worksheets[0]
        rows = list(enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1))
    else:
        if file_name.lower().endswith(".xlsx"):
            raise ImportFileError(_("The file is not a readable XLSX workbook."))
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
            rows = list(
                enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1)
            )
        except csv.Error as error:
            raise ImportFileError(
                _("The CSV file is malformed: %(error)s") % {"error": error}
            ) from error
    # Blank rows (a sheet formatted far down) do not count.
    if sum(1 for _number, cells in rows if any(cell_text(c) for c in cells)) > MAX_ROWS + 1:
        raise ImportFileError(
            _("The table has more than %(n)d rows: split it into several files.") % {"n": MAX_ROWS}
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
