"""Finding 10 of issue 13: a name typed by anyone (an organisation's, a
user's) reaches the admin's spreadsheet exports, first of all the site
history (audit log) report. A cell that starts like a formula must reach
the reader's spreadsheet program as text: in CSV with a single quote
before it (the OWASP rule), in XLSX as a string cell."""

import csv
import io

import openpyxl
import pytest
from wagtail.log_actions import log

from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_HISTORY = "/admin/reports/site-history/"
FORMULAS = [
    '=HYPERLINK("http://evil.example/","点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
]
# A tab or a carriage return before a formula: names keep them as typed
# (full names lose them, Wagtail strips those).
HIDDEN = ["\t=1+1", "\r=1+1"]


@pytest.fixture
def logged(db):
    """Returns a superuser, after an entry of the audit log per formula:
    each the label of an organisation edited by a user of that full name."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    for n, formula in enumerate(FORMULAS):
        organisation = OrganisationFactory(uscc=f"9135010000000{n:04d}X", name=formula)
        editor = UserFactory(first_name=formula)
        log(instance=organisation, action="wagtail.edit", user=editor)
    for n, formula in enumerate(HIDDEN, start=len(FORMULAS)):
        organisation = OrganisationFactory(uscc=f"9135010000000{n:04d}X", name=formula)
        log(instance=organisation, action="wagtail.edit", user=admin)
    return admin


def test_the_site_history_csv_escapes_formulas(client, logged):
    client.force_login(logged)
    response = client.get(SITE_HISTORY, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    # The report's columns: ID, name (the object's label), type, action,
    # user, date/time.
    rows = list(csv.reader(io.StringIO(text, newline="")))[1:]
    names = {row[1] for row in rows}
    users = {row[4] for row in rows}
    for formula in FORMULAS:
        assert "'" + formula in names, (formula, names)
        assert "'" + formula in users, (formula, users)


def test_the_site_history_xlsx_keeps_formulas_as_text(client, logged):
    client.force_login(logged)
    response = client.get(SITE_HISTORY, {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    for formula in FORMULAS:
        found = [cell for cell in cells if cell.value == formula]
        assert found, formula
        assert all(cell.data_type == "s" for cell in found)
