"""Import of the reserves and bases approved before the portal
(第三十九–四十条): the bureau uploads a CSV or XLSX table, every row is
checked and every problem reported by row, and the units created are then
followed like any other (the same obligations, the same daily job).

What the file says about the unit's past is recorded as facts: a filed
master plan and the last comprehensive evaluation become obligations
marked done, and the next evaluation falls due three years (the rules'
cycle) after the last one. Everything else before the import day stays on
paper (``tracked_from``)."""

import csv
import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.eligibility import Category
from applications.models import ApplicationKind, County, Organisation
from applications.selectors import rules_index
from applications.uscc import uscc_normalise, validate_uscc
from evaluations.models import ProtectedUnit, UnitStatus
from evaluations.services.designation import unit_code_next
from portal.core.dates import add_years

from ..models import Obligation, ObligationKind, ObligationStatus, UnitImport
from ..schedule import add_months
from .obligations import obligations_generate

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


@dataclass
class ImportRow:
    """One data row: the values read, the problems found and, once
    imported, the unit."""

    row: int
    name: str = ""
    kind: str = ""
    category: str = ""
    county: County | None = None
    county_text: str = ""
    established_on: datetime.date | None = None
    plan_filed_on: datetime.date | None = None
    last_evaluation_on: datetime.date | None = None
    uscc: str = ""
    errors: list[str] = field(default_factory=list)
    # What importing will record besides the unit (not problems).
    notes: list[str] = field(default_factory=list)
    unit: ProtectedUnit | None = None

    @property
    def kind_label(self) -> str:
        return str(ApplicationKind(self.kind).label) if self.kind else ""

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label) if self.category else ""


def _cell_text(value) -> str:
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


def _read_table(data: bytes, file_name: str) -> list[tuple[int, list]]:
    """Returns the rows of the file's first sheet as (row number, cells),
    counted from 1 like a spreadsheet; raises ImportFileError."""
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("Old Excel files (.xls) cannot be read: save the table as .xlsx or CSV.")
        )
    if data.startswith(b"PK\x03\x04"):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

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
    if sum(1 for _number, cells in rows if any(_cell_text(c) for c in cells)) > MAX_ROWS + 1:
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


def _columns(header: list, *, number: int) -> dict[str, int]:
    """Returns the position of each known column in the header row; raises
    ImportFileError naming the missing or repeated ones."""
    positions: dict[str, int] = {}
    repeated = []
    for index, cell in enumerate(header):
        text = _cell_text(cell)
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
    text = _cell_text(value)
    match = DATE_PATTERN.match(text)
    if match is None:
        raise ValueError(text)
    year, month, day = (int(part) for part in match.groups())
    return datetime.date(year, month, day)


def _row_read(
    *, number: int, cells: list, positions: dict[str, int], counties: dict[str, County]
) -> ImportRow | None:
    """Returns the row read and checked on its own (not against other rows
    or the database), or None for a blank row."""

    def cell(name: str):
        index = positions.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    if not any(_cell_text(c) for c in cells):
        return None
    row = ImportRow(row=number)
    today = timezone.localdate()

    row.name = _cell_text(cell("name"))
    if not row.name:
        row.errors.append(_("The name is missing."))
    elif len(row.name) > 255:
        row.errors.append(_("The name is longer than 255 characters."))

    kind_text = _cell_text(cell("kind"))
    row.kind = KINDS.get(kind_text.lower(), "")
    if not kind_text:
        row.errors.append(_("The kind is missing: write 保护区, 实验区 or 保护基地."))
    elif not row.kind:
        row.errors.append(
            _("The kind “%(value)s” is unknown: write 保护区, 实验区 or 保护基地.")
            % {"value": kind_text}
        )

    category_text = _cell_text(cell("category"))
    if row.kind == ApplicationKind.BASE:
        row.category = CATEGORIES.get(category_text.lower(), "")
        if not category_text:
            row.errors.append(_("A base needs its category."))
        elif not row.category:
            row.errors.append(
                _(
                    "The category “%(value)s” is unknown: write 生产性保护示范基地, 传承基地, "
                    "传播基地 or 研究基地."
                )
                % {"value": category_text}
            )
    elif row.kind == ApplicationKind.RESERVE and category_text:
        row.errors.append(_("A reserve has no category: leave the category empty."))

    row.county_text = _cell_text(cell("county"))
    row.county = counties.get(row.county_text)
    if not row.county_text:
        row.errors.append(_("The county is missing."))
    elif row.county is None:
        row.errors.append(
            _("The county “%(value)s” is not in the zone: write one of %(counties)s.")
            % {
                "value": row.county_text,
                "counties": "、".join(
                    c.name for c in sorted(set(counties.values()), key=lambda c: c.code)
                ),
            }
        )

    dates = {
        "established_on": _("the date of establishment"),
        "plan_filed_on": _("the date the master plan was filed"),
        "last_evaluation_on": _("the date of the last evaluation"),
    }
    for name, label in dates.items():
        value = cell(name)
        if _cell_text(value) == "":
            if name == "established_on":
                row.errors.append(_("The date of establishment is missing."))
            continue
        try:
            day = parse_date(value)
        except (ValueError, OverflowError):
            row.errors.append(
                _("“%(value)s” is not a date (%(what)s): write it as 2019-03-15 or 2019/3/15.")
                % {"value": _cell_text(value), "what": label}
            )
            continue
        if day > today:
            row.errors.append(
                _("%(what)s (%(date)s) is in the future.")
                % {"what": label.capitalize(), "date": day.isoformat()}
            )
            continue
        setattr(row, name, day)
    established = row.established_on
    if row.plan_filed_on and row.kind == ApplicationKind.BASE:
        row.errors.append(_("A base files no master plan: leave the plan's date empty."))
        row.plan_filed_on = None
    for name in ("plan_filed_on", "last_evaluation_on"):
        day = getattr(row, name)
        if day and established and day < established:
            row.errors.append(
                _("%(what)s (%(date)s) is before the date of establishment (%(established)s).")
                % {
                    "what": dates[name].capitalize(),
                    "date": day.isoformat(),
                    "established": established.isoformat(),
                }
            )
            setattr(row, name, None)

    uscc_text = _cell_text(cell("uscc"))
    row.uscc = uscc_normalise(uscc_text)
    if not row.uscc:
        row.errors.append(_("The unified social credit code is missing."))
    else:
        try:
            validate_uscc(row.uscc)
        except ValidationError as refused:
            row.errors.extend(refused.messages)
            row.uscc = ""
    return row


def _evaluation_cycle(*, established_on, last, cycle_years: int) -> int:
    """Returns the evaluation cycle a past evaluation belongs to: the one
    whose scheduled date (a multiple of ``cycle_years`` after
    establishment) is nearest, at least the first."""
    years = (last - established_on).days / 365.2425
    # Half up (round() would take 2.5 to 2).
    return max(1, int(years / cycle_years + 0.5))


def _facts(*, row: ImportRow, rules, today: datetime.date) -> list[Obligation]:
    """Returns the obligations (unsaved, without unit) that record what the
    file says of the unit's past, and adds to the row's notes what they
    mean. Each uses the period the schedule would give it, so the daily
    job never creates it a second time."""
    facts = []
    established = row.established_on
    if row.kind == ApplicationKind.RESERVE:
        plan_due = add_months(established, rules.master_plan_months)
        if row.plan_filed_on:
            facts.append(
                Obligation(
                    kind=ObligationKind.MASTER_PLAN,
                    period=1,
                    due_date=plan_due,
                    status=ObligationStatus.DONE,
                    done_at=_noon(row.plan_filed_on),
                    note=_("Imported: master plan filed"),
                )
            )
        else:
            # 第十三条 applies to reserves approved before the portal too
            # (第三十九条): with no filing on record the plan is owed, at
            # once when its year has passed.
            facts.append(
                Obligation(
                    kind=ObligationKind.MASTER_PLAN,
                    period=1,
                    due_date=plan_due,
                    note=_("Imported: no master plan filing on record"),
                )
            )
            if plan_due < today:
                row.notes.append(
                    _("No master plan filed: the plan is overdue since %(due)s.")
                    % {"due": plan_due.isoformat()}
                )
    if row.last_evaluation_on:
        cycle_years = rules.evaluation_cycle_years
        cycle = _evaluation_cycle(
            established_on=established, last=row.last_evaluation_on, cycle_years=cycle_years
        )
        next_due = add_years(row.last_evaluation_on, cycle_years)
        facts.append(
            Obligation(
                kind=ObligationKind.EVALUATION,
                period=cycle,
                due_date=add_years(established, cycle_years * cycle),
                status=ObligationStatus.DONE,
                done_at=_noon(row.last_evaluation_on),
                note=_("Imported: evaluated on %(date)s")
                % {"date": row.last_evaluation_on.isoformat()},
            )
        )
        # The next cycle counts from the evaluation actually held, not from
        # the date the schedule would give (which may be before the import
        # day and so never be created).
        facts.append(
            Obligation(
                kind=ObligationKind.EVALUATION,
                period=cycle + 1,
                due_date=next_due,
                note=_("Imported: %(n)d years after the evaluation of %(date)s")
                % {"n": cycle_years, "date": row.last_evaluation_on.isoformat()},
            )
        )
        if next_due < today:
            row.notes.append(
                _("The next evaluation was due on %(due)s and is overdue.")
                % {"due": next_due.isoformat()}
            )
        else:
            row.notes.append(_("Next evaluation due on %(due)s.") % {"due": next_due.isoformat()})
    return facts


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@transaction.atomic
def units_import(
    *, data: bytes, file_name: str, user: AbstractBaseUser, dry_run: bool, all_or_nothing: bool
) -> UnitImport:
    """Reads a table of units approved before the portal (CSV in UTF-8,
    with or without BOM, or GB18030; or XLSX) and, unless ``dry_run``,
    establishes them: an organisation found by its 统一社会信用代码 or
    created, a ProtectedUnit (imported, certificate number of its year of
    establishment, obligations tracked from today), the facts of its past
    as done obligations, then its obligations from today on.

    Every row is checked (values, duplicates within the file, units that
    already exist) and every problem reported as “第 3 行：…”. With
    ``all_or_nothing`` one bad row means nothing is imported; otherwise the
    good rows are. A dry run writes only the UnitImport record.

    Returns the UnitImport record (saved, logged as portal.unit.import),
    with three attributes for the screens: ``lines`` (an ImportRow per data
    row), ``units`` (the units created) and ``would_create`` (how many a
    real import of this file would create now)."""
    today = timezone.localdate()
    record = UnitImport(
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        all_or_nothing=all_or_nothing,
        dry_run=dry_run,
        imported_by=user,
    )
    lines: list[ImportRow] = []
    units: list[ProtectedUnit] = []
    file_errors: list[str] = []
    if not dry_run:
        # One import at a time: two confirmations of the same file must not
        # both pass the “already exists” check. The county rows are few and
        # FOR NO KEY UPDATE does not block inserts that refer to them.
        list(County.objects.select_for_update(no_key=True).order_by("pk"))
    counties = {}
    for county in County.objects.all():
        counties[county.name] = county
        counties[county.code] = county
    try:
        if len(data) > MAX_BYTES:
            raise ImportFileError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        table = _read_table(data, file_name)
        # The header is the first row that is not blank.
        start = next(
            (i for i, (_n, cells) in enumerate(table) if any(map(_cell_text, cells))), None
        )
        if start is None:
            raise ImportFileError(_("The file is empty."))
        positions = _columns(table[start][1], number=table[start][0])
        for number, cells in table[start + 1 :]:
            row = _row_read(number=number, cells=cells, positions=positions, counties=counties)
            if row is not None:
                lines.append(row)
        if not lines:
            raise ImportFileError(_("The file has a header but no data rows."))
    except ImportFileError as problem:
        file_errors.append(str(problem))

    _check_against_others(lines)
    rules_for = rules_index()
    facts = {}
    for row in lines:
        if not row.errors:
            facts[row.row] = _facts(row=row, rules=rules_for(row.established_on), today=today)

    good = [row for row in lines if not row.errors]
    refused = file_errors or len(good) < len(lines)
    would_create = 0 if file_errors or (all_or_nothing and refused) else len(good)
    record.rows = len(lines)
    record.errors = ([{"row": 0, "errors": file_errors}] if file_errors else []) + [
        {"row": row.row, "errors": row.errors} for row in lines if row.errors
    ]
    record.save()

    if not dry_run and would_create:
        units = _create(rows=good, facts=facts, record=record, user=user, today=today)
        record.created = len(units)
        record.save(update_fields=["created"])
        obligations_generate(
            day=today, units=ProtectedUnit.objects.filter(pk__in=[u.pk for u in units])
        )

    log(
        instance=record,
        action="portal.unit.import",
        user=user,
        data={
            "file_name": record.file_name,
            "sha256": record.sha256,
            "dry_run": dry_run,
            "all_or_nothing": all_or_nothing,
            "rows": record.rows,
            "created": record.created,
            "errors": len(record.errors),
        },
    )
    record.lines = lines
    record.units = units
    record.would_create = would_create
    return record


def import_problems(record: UnitImport) -> list[str]:
    """Returns every problem of an import as one line each: “文件：…” for
    the file as a whole, “第 3 行：…” for a row."""
    lines = []
    for entry in record.errors:
        for problem in entry["errors"]:
            if entry["row"]:
                lines.append(
                    _("Row %(row)d: %(problem)s") % {"row": entry["row"], "problem": problem}
                )
            else:
                lines.append(_("File: %(problem)s") % {"problem": problem})
    return lines


def _check_against_others(lines: list[ImportRow]) -> None:
    """Adds to each row the problems it has with earlier rows of the file
    (the same unit twice) and with the units already established (two
    queries)."""
    usccs = {row.uscc for row in lines if row.uscc}
    existing = {}
    for code, uscc, kind, category in ProtectedUnit.objects.filter(
        organisation__uscc__in=usccs
    ).values_list("code", "organisation__uscc", "kind", "category"):
        existing.setdefault((uscc, kind, category), code)
    organisations = set(Organisation.objects.filter(uscc__in=usccs).values_list("uscc", flat=True))
    seen: dict[tuple, int] = {}
    for row in lines:
        if not (row.uscc and row.kind):
            continue
        key = (row.uscc, row.kind, row.category)
        if row.kind == ApplicationKind.BASE and not row.category:
            continue  # already refused for its category
        if key in seen:
            row.errors.append(
                _(
                    "The same unit as row %(row)d (same unified social credit code, kind and "
                    "category)."
                )
                % {"row": seen[key]}
            )
        else:
            seen[key] = row.row
        if key in existing:
            row.errors.append(
                _("This unit is already established (certificate %(code)s).")
                % {"code": existing[key]}
            )
        if row.uscc not in organisations and len(row.name) > 128:
            row.errors.append(
                _(
                    "No organisation has this unified social credit code yet and the name, "
                    "which would become its name, is longer than 128 characters."
                )
            )


def _create(
    *,
    rows: list[ImportRow],
    facts: dict[int, list[Obligation]],
    record: UnitImport,
    user: AbstractBaseUser,
    today: datetime.date,
) -> list[ProtectedUnit]:
    """Creates the organisations missing, the units and the obligations of
    their past; returns the units, each logged as portal.unit.imported."""
    organisations = Organisation.objects.in_bulk({row.uscc for row in rows}, field_name="uscc")
    units = []
    obligations = []
    for row in rows:
        organisation = organisations.get(row.uscc)
        if organisation is None:
            # Contact details are not in the file; the organisation fills
            # them in when it registers an account.
            organisation = Organisation.objects.create(
                uscc=row.uscc,
                name=row.name,
                county=row.county,
                address="",
                contact_name="",
                contact_phone="",
                contact_email="",
            )
            organisations[row.uscc] = organisation
        unit = ProtectedUnit.objects.create(
            code=unit_code_next(kind=row.kind, year=row.established_on.year),
            name=row.name,
            kind=row.kind,
            category=row.category,
            status=UnitStatus.EXPERIMENTAL_ZONE
            if row.kind == ApplicationKind.RESERVE
            else UnitStatus.DESIGNATED_BASE,
            organisation=organisation,
            county=row.county,
            established_on=row.established_on,
            imported=True,
            # Obligations that fell due before today are on paper.
            tracked_from=today,
        )
        row.unit = unit
        for obligation in facts.get(row.row, []):
            obligation.unit = unit
            obligations.append(obligation)
        log(
            instance=unit,
            action="portal.unit.imported",
            user=user,
            data={
                "code": unit.code,
                "import": record.pk,
                "row": row.row,
                "established_on": row.established_on.isoformat(),
                "plan_filed_on": row.plan_filed_on.isoformat() if row.plan_filed_on else None,
                "last_evaluation_on": row.last_evaluation_on.isoformat()
                if row.last_evaluation_on
                else None,
            },
        )
        units.append(unit)
    Obligation.objects.bulk_create(obligations)
    return units
