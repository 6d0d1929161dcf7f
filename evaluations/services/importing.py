"""Import of the reserves and bases approved before the portal
(第三十九–四十条): the bureau uploads a CSV or XLSX table, every row is
checked and every problem reported by row, and the units created are then
followed like any other (the same obligations, the same daily job).

What the file says about the unit's past is recorded as facts: a filed
master plan becomes an obligation marked done and a plan record (filed,
its term counted from the filing day, no file needed), from which
acceptance opens after the rules' years (第十八条); a reserve that already
passed acceptance is imported as a cultural ecology protection zone with
its acceptance done; the last comprehensive evaluation becomes an
obligation marked done, and the next evaluation falls due the rules'
cycle after it. Everything else before the import day stays on paper
(``tracked_from``).

Reading the file is import_table.py and checking its rows import_rows.py;
this module writes what a checked file establishes."""

import datetime
import hashlib

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.models import CLAIMS_THAT_HOLD, ApplicationKind, County, Organisation
from applications.selectors import rules_index, rules_on
from portal.core.dates import add_years

from ..import_rows import ImportRow, rows_check_against_others, table_rows
from ..import_table import ImportFileError
from ..models import (
    FilingStatus,
    MasterPlan,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ProtectedUnit,
    UnitImport,
    UnitStatus,
)
from ..schedule import add_months
from .acceptance import PROTECTION_ZONE_NAME
from .designation import unit_code_next
from .obligations import obligations_generate


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
        elif row.accepted:
            # Accepted, so its plan was filed (on paper; its day unknown).
            facts.append(
                Obligation(
                    kind=ObligationKind.MASTER_PLAN,
                    period=1,
                    due_date=plan_due,
                    status=ObligationStatus.DONE,
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
        if row.accepted:
            accepted_from = row.accepted_on or (
                add_years(row.plan_filed_on, rules.acceptance_after_years)
                if row.plan_filed_on
                else established
            )
            facts.append(
                Obligation(
                    kind=ObligationKind.ACCEPTANCE,
                    period=1,
                    due_date=accepted_from,
                    status=ObligationStatus.DONE,
                    done_at=_noon(row.accepted_on) if row.accepted_on else None,
                    note=_("Imported: acceptance passed"),
                )
            )
            row.notes.append(
                _("Passed acceptance: imported as a cultural ecology protection zone.")
            )
        elif row.plan_filed_on:
            row.notes.append(
                _("Acceptance opens on %(day)s.")
                % {"day": add_years(row.plan_filed_on, rules.acceptance_after_years).isoformat()}
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
        lines = table_rows(data=data, file_name=file_name, counties=counties)
    except ImportFileError as problem:
        file_errors.append(str(problem))

    rows_check_against_others(lines)
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
    # A code is held by one organisation whose claim stands (a refused one
    # frees it: applications.models.organisations).
    organisations = {
        organisation.uscc: organisation
        for organisation in Organisation.objects.filter(
            uscc__in={row.uscc for row in rows}, claim_status__in=CLAIMS_THAT_HOLD
        )
    }
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
            # An accepted zone is named as acceptance names it.
            name=row.name.replace(*PROTECTION_ZONE_NAME) if row.accepted else row.name,
            kind=row.kind,
            category=row.category,
            status=_imported_status(row),
            organisation=organisation,
            county=row.county,
            established_on=row.established_on,
            imported=True,
            # Obligations that fell due before today are on paper.
            tracked_from=today,
        )
        # All its counties, the lead first, as an established unit has them
        # (services.designation).
        unit.counties.set([row.county, *row.other_counties])
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
                "accepted": row.accepted,
                "accepted_on": row.accepted_on.isoformat() if row.accepted_on else None,
                "last_evaluation_on": row.last_evaluation_on.isoformat()
                if row.last_evaluation_on
                else None,
            },
        )
        units.append(unit)
    Obligation.objects.bulk_create(obligations)
    for row in rows:
        if row.plan_filed_on:
            _plan_on_paper(row=row, obligations=obligations, user=user)
    return units


def _imported_status(row: ImportRow) -> str:
    if row.kind != ApplicationKind.RESERVE:
        return UnitStatus.DESIGNATED_BASE
    return UnitStatus.PROTECTION_ZONE if row.accepted else UnitStatus.EXPERIMENTAL_ZONE


def _plan_on_paper(*, row: ImportRow, obligations: list[Obligation], user) -> MasterPlan:
    """Records the master plan a reserve filed before the portal: filed on
    its filing day, its term counted from that day with the rules' term and
    near term, without its file (on paper). Acceptance counts from it."""
    rules = rules_on(day=row.established_on)
    obligation = next(
        (o for o in obligations if o.unit == row.unit and o.kind == ObligationKind.MASTER_PLAN),
        None,
    )
    return MasterPlan.objects.create(
        unit=row.unit,
        obligation=obligation,
        starts_on=row.plan_filed_on,
        filed_on=row.plan_filed_on,
        term_years=rules.plan_term_years,
        near_term_years=rules.near_term_max_years,
        status=FilingStatus.FILED,
        submitted_by=user,
        decided_by=user,
        decided_at=_noon(row.plan_filed_on),
        bureau_note=_("Imported: filed before the portal"),
    )
