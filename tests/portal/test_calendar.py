"""The calendar data: seeded years, entering and changing a year, text
import, and the recomputation of stored periods that follows."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from wagtail.models import ModelLogEntry

from applications.roles import Role
from portal.core.models import CalendarYear, FirstDayRule, WorkingDayPeriod
from portal.core.selectors import workday_calendar
from portal.core.services import (
    CalendarInputError,
    calendar_sync,
    calendar_text_parse,
    calendar_year_save,
    working_day_period_create,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SHANGHAI_MORNING = datetime.timezone(datetime.timedelta(hours=8))

# 国办发明电〔2024〕12号, 国务院办公厅关于2025年部分节假日安排的通知 (2024-11-12),
# typed from the notice.
NOTICE_2025 = """\
# 2025年部分节假日安排
2025-01-01,休,元旦
2025-01-26,班,春节调休
2025-01-28,休,春节
2025-01-29,休,春节
2025-01-30,休,春节
2025-01-31,休,春节
2025-02-01,休,春节
2025-02-02,休,春节
2025-02-03,休,春节
2025-02-04,休,春节
2025-02-08,班,春节调休
2025-04-04,休,清明节
2025-04-05,休,清明节
2025-04-06,休,清明节
2025-04-27,班,劳动节调休
2025-05-01,休,劳动节
2025-05-02,休,劳动节
2025-05-03,休,劳动节
2025-05-04,休,劳动节
2025-05-05,休,劳动节
2025-05-31,休,端午节
2025-06-01,休,端午节
2025-06-02,休,端午节
2025-09-28,班,国庆节、中秋节调休
2025-10-01,休,国庆节、中秋节
2025-10-02,休,国庆节、中秋节
2025-10-03,休,国庆节、中秋节
2025-10-04,休,国庆节、中秋节
2025-10-05,休,国庆节、中秋节
2025-10-06,休,国庆节、中秋节
2025-10-07,休,国庆节、中秋节
2025-10-08,休,国庆节、中秋节
2025-10-11,班,国庆节、中秋节调休
"""


def test_the_seed_holds_every_year_of_the_package_from_2004():
    years = list(CalendarYear.objects.order_by("year").values_list("year", flat=True))
    assert years[0] == 2004
    assert years == list(range(2004, years[-1] + 1))
    assert years[-1] >= 2026


def test_the_seeded_2025_matches_the_notice():
    holidays, makeup = calendar_text_parse(text=NOTICE_2025, year=2025)
    row = CalendarYear.objects.get(year=2025)
    assert set(row.holidays) == set(holidays)
    assert set(row.makeup_workdays) == set(makeup)
    assert row.status == "official"


def test_the_seed_migration_does_not_overwrite():
    migration = importlib.import_module("portal.migrations.0002_seed_calendar")
    CalendarYear.objects.filter(year=2025).update(source_number="国办发明电〔2024〕12号")
    migration.calendar_seed(apps, None)
    assert CalendarYear.objects.get(year=2025).source_number == "国办发明电〔2024〕12号"
    assert calendar_sync() == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-10-01,休\n2025-10-32,休", "第 2 行：“2025-10-32”不是日期"),
        ("2025-10-01;休", "第 1 行"),
        ("2025-10-01,忙", "第 1 行：“忙”既不是休（放假）也不是班（上班）"),
        ("2024-10-01,休", "第 1 行：2024-10-01 不在 2025 年"),
    ],
)
def test_text_import_names_the_bad_line(text, message):
    with pytest.raises(CalendarInputError) as info:
        calendar_text_parse(text=text, year=2025)
    assert message in str(info.value)


def test_a_makeup_day_on_a_weekday_is_refused_and_nothing_changes():
    before = CalendarYear.objects.get(year=2025).makeup_workdays
    with pytest.raises(CalendarInputError, match="2025-09-29"):
        calendar_year_save(year=2025, holidays={}, makeup_workdays={"2025-09-29": ""})
    assert CalendarYear.objects.get(year=2025).makeup_workdays == before


def test_a_change_is_logged_with_what_was_added_and_removed(django_capture_on_commit_callbacks):
    admin = UserFactory(is_superuser=True)
    row = CalendarYear.objects.get(year=2026)
    holidays = dict(row.holidays)
    del holidays["2026-10-07"]
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_save(
            year=2026,
            holidays=holidays,
            makeup_workdays=row.makeup_workdays,
            source_number="国办发明电〔2025〕7号",
            user=admin,
        )
    entry = ModelLogEntry.objects.get(action="portal.calendar.edit")
    assert entry.user == admin
    assert entry.data["holidays"] == {"added": [], "removed": ["2026-10-07"]}
    assert entry.data["source_number"] == ["", "国办发明电〔2025〕7号"]
    assert workday_calendar().is_working_day(D(2026, 10, 7))
    # Saving the same again is not a change.
    calendar_year_save(
        year=2026,
        holidays=holidays,
        makeup_workdays=row.makeup_workdays,
        source_number="国办发明电〔2025〕7号",
        user=admin,
    )
    assert ModelLogEntry.objects.filter(action="portal.calendar.edit").count() == 1


@time_machine.travel(datetime.datetime(2024, 12, 30, 10, 0, tzinfo=SHANGHAI_MORNING), tick=False)
def test_entering_a_years_arrangement_recomputes_open_windows(django_capture_on_commit_callbacks):
    """On 30 December 2024 the 2025 arrangement is not yet entered: a window
    published that day runs on the statutory holidays only. Entering the
    notice moves its end from 27 to 26 January (Sunday 26 January is a
    make-up working day), tells the responsible staff and logs both dates."""
    CalendarYear.objects.filter(year=2025).delete()
    with django_capture_on_commit_callbacks(execute=True):
        from portal.core.selectors import workday_calendar_invalidate

        workday_calendar_invalidate()
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER], email="reviewer@example.invalid")
    # 12/30-31 (2), 1/1 元旦, 1/2-3 (4), 1/6-10 (9), 1/13-17 (14), 1/20-24 (19), 1/27 (20).
    window = working_day_period_create(
        kind="publicity",
        label="第一批保护基地备选名单公示",
        anchor_date=D(2024, 12, 30),
        working_days=20,
        first_day_rule=FirstDayRule.SAME_DAY,
    )
    assert (window.start_date, window.end_date, window.provisional) == (
        D(2024, 12, 30),
        D(2025, 1, 27),
        True,
    )
    closed = working_day_period_create(
        kind="publicity",
        label="已结束的公示",
        anchor_date=D(2024, 12, 30),
        working_days=20,
        first_day_rule=FirstDayRule.SAME_DAY,
    )
    closed.closed_at = datetime.datetime(2024, 12, 30, 9, tzinfo=SHANGHAI_MORNING)
    closed.save()

    holidays, makeup = calendar_text_parse(text=NOTICE_2025, year=2025)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        calendar_year_save(
            year=2025,
            holidays=holidays,
            makeup_workdays=makeup,
            source_number="国办发明电〔2024〕12号",
            source_date=D(2024, 11, 12),
        )
    assert callbacks  # the invalidation and the Celery task ran after commit

    window.refresh_from_db()
    # ... 1/20-24 (19), Sunday 1/26 (20).
    assert (window.start_date, window.end_date, window.provisional) == (
        D(2024, 12, 30),
        D(2025, 1, 26),
        False,
    )
    closed.refresh_from_db()
    assert closed.end_date == D(2025, 1, 27)  # nothing closed moves
    entry = ModelLogEntry.objects.get(action="portal.period.recompute", object_id=str(window.pk))
    assert entry.data["old"]["end"] == "2025-01-27"
    assert entry.data["new"] == {"start": "2024-12-30", "end": "2025-01-26", "provisional": False}
    assert [m.to for m in mail.outbox] == [["reviewer@example.invalid"]]
    assert "2025-01-26" in mail.outbox[0].subject
    assert "2025-01-27" in mail.outbox[0].body
    assert ModelLogEntry.objects.filter(
        action="portal.notification.sent", object_id=str(window.pk)
    ).get().data["recipients"] == [reviewer.username]
    assert WorkingDayPeriod.objects.get(pk=window.pk).end_date == D(2025, 1, 26)


def test_calendar_sync_adds_a_missing_year_as_logged(django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    CalendarYear.objects.filter(year=2024).delete()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("calendar_sync", stdout=out)
    assert "2024" in out.getvalue()
    row = CalendarYear.objects.get(year=2024)
    # 国办发明电〔2023〕7号: 2024 春节 2月10日至17日, 2月4日(周日)、2月18日(周日)上班.
    assert {"2024-02-04", "2024-02-18"} <= set(row.makeup_workdays)
    assert {f"2024-02-{d}" for d in range(10, 18)} <= set(row.holidays)
    assert ModelLogEntry.objects.filter(action="portal.calendar.create").count() == 1
