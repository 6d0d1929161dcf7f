"""The calendar in the Wagtail admin: the month grid, editing, importing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from portal.core.forms import days_text
from portal.core.models import CalendarYear
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True))
    return client


def form_data(row: CalendarYear, **changes) -> dict:
    data = {
        "status": row.status,
        "source_number": row.source_number,
        "source_date": "",
        "source_note": row.source_note,
        "days": days_text(row.holidays, row.makeup_workdays),
    }
    return data | changes


def test_the_month_grid_marks_holidays_and_makeup_days(admin_client):
    response = admin_client.get("/admin/calendar_years/edit/2025/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="calendar-month"') == 12
    assert 'data-date="2025-10-01" data-kind="holiday"' in page
    assert 'data-date="2025-09-28" data-kind="makeup"' in page
    assert 'data-date="2025-09-27" data-kind="rest"' in page
    assert 'data-date="2025-09-29" data-kind="work"' in page


def test_the_listing_shows_the_years(admin_client):
    response = admin_client.get("/admin/calendar_years/")
    assert response.status_code == 200
    assert "2025" in response.content.decode()


def test_editing_a_year_saves_and_logs_who(admin_client):
    row = (
        CalendarYear.objects.get(year=2027)
        if CalendarYear.objects.filter(year=2027).exists()
        else None
    )
    assert row is None  # 2027 is not known yet: it is entered here
    response = admin_client.post(
        "/admin/calendar_years/new/",
        {
            "year": "2027",
            "status": "official",
            "source_number": "国办发明电〔2026〕1号",
            "source_date": "2026-11-10",
            "source_note": "",
            "days": "2027-01-01,休,元旦\n2027-02-20,班,春节调休",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CalendarYear.objects.get(year=2027)
    assert row.holidays == {"2027-01-01": "元旦"}
    assert row.makeup_workdays == {"2027-02-20": "春节调休"}
    entry = ModelLogEntry.objects.get(action="portal.calendar.create")
    assert entry.user.is_superuser
    assert entry.data["makeup_workdays"]["added"] == ["2027-02-20"]


def test_a_bad_entry_keeps_what_was_typed(admin_client):
    row = CalendarYear.objects.get(year=2025)
    typed = days_text(row.holidays, row.makeup_workdays) + "\n2025-09-29,班,周一不能调休"
    response = admin_client.post("/admin/calendar_years/edit/2025/", form_data(row, days=typed))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2025-09-29,班,周一不能调休" in page
    assert "2025-09-29" in page and "周六或周日" in page
    assert CalendarYear.objects.get(year=2025).makeup_workdays == row.makeup_workdays


def test_importing_a_csv_file_replaces_the_list(admin_client):
    row = CalendarYear.objects.get(year=2026)
    upload = SimpleUploadedFile(
        "2026.csv", "date,kind,name\n2026-10-01,休,国庆节\n2026-10-10,班,国庆节调休\n".encode()
    )
    response = admin_client.post(
        "/admin/calendar_years/edit/2026/", form_data(row, days_file=upload)
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.holidays == {"2026-10-01": "国庆节"}
    assert row.makeup_workdays == {"2026-10-10": "国庆节调休"}


def test_applicants_cannot_open_the_calendar(client):
    from applications.roles import Role

    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    response = client.get("/admin/calendar_years/edit/2025/")
    assert response.status_code in (302, 403)
