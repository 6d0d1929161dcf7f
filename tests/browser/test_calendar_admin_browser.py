"""Staff edit the holiday calendar on the admin's month grid in a real
browser: the grid shows the year's arrangement, clicks mark days, and the
save goes through the calendar service (stored days and audit log)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

YEAR = 2025
PASSWORD = "Jdz-test-2026"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


pytestmark = pytest.mark.browser


def _year_2025_ensure():
    """The data migration's years are gone after an earlier transactional
    test emptied the tables; put 2025 back from the chinese-calendar package."""
    from portal.core.holidays import package_arrangements
    from portal.core.models import CalendarYear
    from portal.core.services import calendar_year_save

    if not CalendarYear.objects.filter(year=YEAR).exists():
        holidays, makeup = package_arrangements()[YEAR]
        calendar_year_save(year=YEAR, holidays=holidays, makeup_workdays=makeup, source_note="test")


def _day(page, iso):
    return page.locator(f'[data-calendar-grid] button[data-date="{iso}"]')


# committed_db: the live server's thread must see the user and the year.
def test_mark_days_on_the_month_grid_and_save(committed_db, live_server, page):
    from wagtail.models import ModelLogEntry

    from portal.core.models import CalendarYear

    _year_2025_ensure()
    UserFactory(username="calendar-admin", is_superuser=True, is_staff=True)

    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("calendar-admin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/calendar_years/edit/{YEAR}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    months = page.locator("[data-calendar-grid] table.calendar-month")
    expect(months).to_have_count(12)
    for index in range(12):
        expect(months.nth(index)).to_be_visible()
    expect(months.first.locator("caption")).to_have_text("一月")
    expect(months.last.locator("caption")).to_have_text("十二月")

    expect(_day(page, "2025-10-01")).to_have_class(re.compile(r"\bcalendar-day--holiday\b"))
    expect(_day(page, "2025-09-28")).to_have_class(re.compile(r"\bcalendar-day--makeup\b"))
    expect(_day(page, "2025-09-27")).to_have_class(re.compile(r"\bcalendar-day--rest\b"))
    expect(_day(page, "2025-09-29")).to_have_class(re.compile(r"\bcalendar-day--work\b"))

    # The admin scrolls its main panel, not the document, so a full-page
    # screenshot is only the window: make the window tall enough for the
    # grid, with the sticky action bar below it.
    viewport = page.viewport_size
    grid_bottom = page.locator("[data-calendar-grid]").evaluate(
        "grid => Math.ceil(grid.getBoundingClientRect().bottom)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": grid_bottom + 120})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot = SCREENSHOTS / f"calendar-admin-{YEAR}.png"
    screenshot.unlink(missing_ok=True)
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.is_file()
    assert screenshot.stat().st_size > 0
    page.set_viewport_size(viewport)

    days = page.locator("textarea[data-calendar-days]")
    expect(days).to_have_value(re.compile(r"^2025-10-01,休", re.MULTILINE))
    expect(days).not_to_have_value(re.compile(r"^2025-09-29,", re.MULTILINE))
    expect(days).not_to_have_value(re.compile(r"^2025-09-27,", re.MULTILINE))

    # A weekday becomes a holiday.
    _day(page, "2025-09-29").click()
    expect(_day(page, "2025-09-29")).to_have_class(re.compile(r"\bcalendar-day--holiday\b"))
    expect(_day(page, "2025-09-29")).to_have_attribute("data-kind", "holiday")
    expect(days).to_have_value(re.compile(r"^2025-09-29,休", re.MULTILINE))

    # A Saturday becomes a make-up working day.
    _day(page, "2025-09-27").click()
    expect(_day(page, "2025-09-27")).to_have_class(re.compile(r"\bcalendar-day--makeup\b"))
    expect(_day(page, "2025-09-27")).to_have_attribute("data-kind", "makeup")
    expect(days).to_have_value(re.compile(r"^2025-09-27,班", re.MULTILINE))

    # The form's main action: the submit button of the footer's action menu.
    save = page.locator("form#w-editor-form footer .actions--primary button[type=submit]").first
    expect(save).to_be_visible()
    with page.expect_navigation():
        save.click()
    expect(page).to_have_url(re.compile(rf"/admin/calendar_years/(edit/{YEAR}/)?(\?.*)?$"))
    expect(page.locator(".messages .error, .help-critical")).to_have_count(0)

    row = CalendarYear.objects.get(year=YEAR)
    assert "2025-09-29" in row.holidays
    assert "2025-09-27" in row.makeup_workdays
    assert "2025-10-01" in row.holidays
    assert "2025-09-28" in row.makeup_workdays
    entry = (
        ModelLogEntry.objects.filter(action="portal.calendar.edit", object_id=str(row.pk))
        .order_by("-timestamp", "-pk")
        .first()
    )
    assert entry is not None
    assert entry.data["holidays"]["added"] == ["2025-09-29"]
    assert entry.data["makeup_workdays"]["added"] == ["2025-09-27"]
    assert entry.user.username == "calendar-admin"
