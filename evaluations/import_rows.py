"""The rows of a table of units approved before the portal (第三十九–
四十条), checked: each row on its own (values, dates, the county, the
统一社会信用代码), then against the other rows of the file and the units
already established; and every problem of an import as the screens list
it. Reads only: creating the units is services/importing.py."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.eligibility import Category
from applications.models import ApplicationKind, County, Organisation
from applications.uscc import uscc_normalise, validate_uscc

from .import_table import (
    ACCEPTED_KINDS,
    CATEGORIES,
    KINDS,
    ImportFileError,
    cell_text,
    header_columns,
    parse_date,
    table_read,
)
from .models import ProtectedUnit, UnitImport


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
    # A reserve may span several counties (第六条（一））: the cell lists them,
    # the lead (the organisation's) first; these are the others.
    other_counties: list[County] = field(default_factory=list)
    established_on: datetime.date | None = None
    plan_filed_on: datetime.date | None = None
    # A reserve that passed acceptance before the portal: its kind says so
    # (文化生态保护区) or the day it passed is given.
    accepted: bool = False
    accepted_on: datetime.date | None = None
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


# Between the counties of one cell: 、 as Chinese lists them, or a comma or
# semicolon of either width, or a slash.
COUNTY_SEPARATORS = re.compile(r"[、,，;；/]")


def _read_counties(row: ImportRow, text: str, counties: dict[str, County]) -> None:
    """Reads the county cell into the row: one county, or for a reserve
    several, the lead first."""
    row.county_text = text
    names = [name.strip() for name in COUNTY_SEPARATORS.split(text) if name.strip()]
    if not names:
        row.errors.append(_("The county is missing."))
        return
    unknown = [name for name in names if name not in counties]
    if unknown:
        row.errors.extend(
            _("The county “%(value)s” is not in the zone: write one of %(counties)s.")
            % {
                "value": name,
                "counties": "、".join(
                    c.name for c in sorted(set(counties.values()), key=lambda c: c.code)
                ),
            }
            for name in unknown
        )
        return
    found = list(dict.fromkeys(counties[name] for name in names))
    if len(found) > 1 and row.kind == ApplicationKind.BASE:
        row.errors.append(_("A base lies in one county: write only the county of its site."))
        return
    row.county, row.other_counties = found[0], found[1:]


def table_rows(*, data: bytes, file_name: str, counties: dict[str, County]) -> list[ImportRow]:
    """Returns every data row of the file (after the header, the first row
    that is not blank), each read and checked on its own; ``counties`` maps
    a county's name and code to it. Raises ImportFileError when the file
    as a whole cannot be read or has no data rows."""
    table = table_read(data, file_name)
    start = next((i for i, (_n, cells) in enumerate(table) if any(map(cell_text, cells))), None)
    if start is None:
        raise ImportFileError(_("The file is empty."))
    positions = header_columns(table[start][1], number=table[start][0])
    lines = []
    for number, cells in table[start + 1 :]:
        row = row_read(number=number, cells=cells, positions=positions, counties=counties)
        if row is not None:
            lines.append(row)
    if not lines:
        raise ImportFileError(_("The file has a header but no data rows."))
    return lines


def row_read(
    *, number: int, cells: list, positions: dict[str, int], counties: dict[str, County]
) -> ImportRow | None:
    """Returns the row read and checked on its own (not against other rows
    or the database), or None for a blank row."""

    def cell(name: str):
        index = positions.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    if not any(cell_text(c) for c in cells):
        return None
    row = ImportRow(row=number)
    today = timezone.localdate()

    row.name = cell_text(cell("name"))
    if not row.name:
        row.errors.append(_("The name is missing."))
    elif len(row.name) > 255:
        row.errors.append(_("The name is longer than 255 characters."))

    kind_text = cell_text(cell("kind"))
    row.kind = KINDS.get(kind_text.lower(), "")
    row.accepted = kind_text in ACCEPTED_KINDS
    if not kind_text:
        row.errors.append(_("The kind is missing: write 保护区, 实验区 or 保护基地."))
    elif not row.kind:
        row.errors.append(
            _("The kind “%(value)s” is unknown: write 保护区, 实验区 or 保护基地.")
            % {"value": kind_text}
        )

    category_text = cell_text(cell("category"))
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

    _read_counties(row, cell_text(cell("county")), counties)

    dates = {
        "established_on": _("the date of establishment"),
        "plan_filed_on": _("the date the master plan was filed"),
        "accepted_on": _("the date acceptance was passed"),
        "last_evaluation_on": _("the date of the last evaluation"),
    }
    for name, label in dates.items():
        value = cell(name)
        if cell_text(value) == "":
            if name == "established_on":
                row.errors.append(_("The date of establishment is missing."))
            continue
        try:
            day = parse_date(value)
        except (ValueError, OverflowError):
            row.errors.append(
                _("“%(value)s” is not a date (%(what)s): write it as 2019-03-15 or 2019/3/15.")
                % {"value": cell_text(value), "what": label}
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
    if row.accepted_on and row.kind == ApplicationKind.BASE:
        row.errors.append(_("A base passes no acceptance: leave the acceptance date empty."))
        row.accepted_on = None
    row.accepted = row.kind == ApplicationKind.RESERVE and bool(row.accepted or row.accepted_on)
    if row.accepted_on and row.plan_filed_on and row.accepted_on < row.plan_filed_on:
        row.errors.append(
            _("Acceptance (%(accepted)s) cannot come before the master plan was filed (%(filed)s).")
            % {"accepted": row.accepted_on.isoformat(), "filed": row.plan_filed_on.isoformat()}
        )
    for name in ("plan_filed_on", "accepted_on", "last_evaluation_on"):
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

    uscc_text = cell_text(cell("uscc"))
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


def rows_check_against_others(lines: list[ImportRow]) -> None:
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
