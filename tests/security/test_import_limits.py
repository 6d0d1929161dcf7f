"""Finding 5 of issue 13: the unit import loaded the whole XLSX before the
row cap (a 64 KB file of a million cells took 11 s and 370 MB).

Measured by memory (tracemalloc's peak, under generous bounds that the
whole-sheet load exceeds many times), by what is written and by message
codes, not by seconds."""

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from applications.roles import Role
from evaluations.import_table import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    ImportFileError,
    table_read,
)
from evaluations.models import UnitImport
from tests.factories import UserFactory
from tests.security.xlsx import huge_xlsx

MB = 1024 * 1024


def read_measured(data: bytes) -> tuple[str, float]:
    """Reads ``data`` as the import does; returns why it was refused and
    the peak of memory allocated meanwhile, in MB."""
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as refused:
            table_read(data, "units.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(refused.value), peak / MB


def test_a_small_file_of_a_million_cells_is_refused_before_it_is_parsed():
    data = huge_xlsx(rows=100_000, columns=10)
    assert len(data) < 128 * 1024  # the finding's 64 KB file, give or take
    problem, peak = read_measured(data)
    # Loading the sheet took 370 MB; counting its cells takes a few.
    assert peak < 32
    assert str(MAX_CELLS) in problem


def test_a_long_sheet_under_the_cell_cap_stops_at_the_row_cap_while_reading():
    rows = 30_000  # 150,000 cells: under MAX_CELLS, fifteen times MAX_ROWS
    assert rows * 5 < MAX_CELLS
    problem, peak = read_measured(huge_xlsx(rows=rows, columns=5))
    # Streamed: the rows up to the cap, not the sheet (about 50 MB loaded).
    assert peak < 16
    assert str(MAX_ROWS) in problem


def test_a_row_past_the_column_cap_is_refused():
    workbook = Workbook()
    workbook.active.append(["名称"] * (MAX_COLUMNS + 1))
    workbook.active.append(["浮梁县"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ImportFileError) as refused:
        table_read(buffer.getvalue(), "units.xlsx")
    assert str(MAX_COLUMNS) in str(refused.value)


@pytest.mark.django_db
def test_the_upload_form_refuses_a_small_file_of_a_huge_sheet(client):
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    upload = SimpleUploadedFile("units.xlsx", huge_xlsx(rows=100_000, columns=10))
    response = client.post("/admin/unit-import/", {"file": upload, "all_or_nothing": "on"})
    assert response.status_code == 400
    assert [e.code for e in response.context["form"].errors.as_data()["file"]] == ["import_file"]
    # Refused by the form: not even a dry run was read or recorded.
    assert not UnitImport.objects.exists()
