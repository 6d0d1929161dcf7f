"""Working days and publicity windows on the State Council's calendar.

Every expected date below was counted by hand on the arrangements of the
State Council's notices (国办发明电〔2024〕12号 for 2025: 春节 1月28日至2月4日,
1月26日(周日)、2月8日(周六)上班; 清明 4月4日至6日; 国庆、中秋 10月1日至8日,
9月28日(周日)、10月11日(周六)上班), not by the code under test. Years with
no arrangement (2027 here) count weekends and the statutory holidays only.
"""

import datetime

import pytest

from applications.selectors import rules_on
from portal.core.models import FirstDayRule
from portal.core.selectors import workday_calendar

pytestmark = pytest.mark.django_db

D = datetime.date


def window(published, rule=None):
    """The publicity window of a notice published on ``published``, under
    the measures in force that day (the first-day ``rule`` given instead)."""
    rules = rules_on(day=published)
    return workday_calendar().window(
        published, rules.publicity_working_days, rule or rules.publicity_first_day
    )


def test_national_day_and_mid_autumn_with_makeup_sunday_and_saturday():
    # 9/22-26 (5), Sun 9/28 (6), 9/29-30 (8), 10/1-8 off, 10/9-10 (10),
    # Sat 10/11 (11), 10/13-17 (16), 10/20-23 (20).
    w = window(D(2025, 9, 22))
    assert w.as_dict() == {
        "published": "2025-09-22",
        "start": "2025-09-22",
        "end": "2025-10-23",
        "working_days": 20,
        "provisional": False,
    }


def test_spring_festival():
    # 1/20-24 (5), Sun 1/26 (6), Mon 1/27 (7), 1/28-2/4 off, 2/5-7 (10),
    # Sat 2/8 (11), 2/10-14 (16), 2/17-20 (20).
    w = window(D(2025, 1, 20))
    assert (w.start, w.end, w.provisional) == (D(2025, 1, 20), D(2025, 2, 20), False)


def test_published_on_a_saturday_starts_on_monday():
    # Sat 3/8 → Mon 3/10 (1); 3/10-4/3 is 19 working days; 4/4-6 清明; 4/7 (20).
    w = window(D(2025, 3, 8))
    assert (w.start, w.end) == (D(2025, 3, 10), D(2025, 4, 7))


def test_published_on_a_makeup_sunday_counts_that_day():
    # Sun 9/28 is a working day (1), 9/29-30 (3), 10/9-11 (6), 10/13-17 (11),
    # 10/20-24 (16), 10/27-30 (20).
    w = window(D(2025, 9, 28))
    assert (w.start, w.end) == (D(2025, 9, 28), D(2025, 10, 30))


def test_next_day_rule_starts_the_day_after():
    w = window(D(2025, 9, 28), rule=FirstDayRule.NEXT_DAY)
    assert (w.start, w.end) == (D(2025, 9, 29), D(2025, 10, 31))


def test_window_into_a_year_without_an_arrangement_is_provisional():
    # 2026-12-14..18 (5), 21-25 (10), 28-31 (14); 2027-01-01 (元旦, Friday)
    # not counted; 1/4-8 (19), 1/11 (20).
    w = window(D(2026, 12, 14))
    assert (w.start, w.end, w.provisional) == (D(2026, 12, 14), D(2027, 1, 11), True)
    calendar = workday_calendar()
    assert not calendar.is_working_day(D(2027, 1, 1))
    assert calendar.is_working_day(D(2026, 12, 31))


def test_a_window_inside_an_official_year_is_not_provisional():
    assert window(D(2026, 11, 2)).provisional is False


def test_provisional_year_uses_lunar_holidays():
    calendar = workday_calendar()
    # 2027: 除夕 2月5日 (Fri), 端午 6月9日 (Wed), 中秋 9月15日 (Wed).
    for day in (D(2027, 2, 5), D(2027, 6, 9), D(2027, 9, 15), D(2027, 10, 1)):
        assert not calendar.is_working_day(day), day
    assert calendar.is_working_day(D(2027, 2, 9))  # no bridging days assumed
    assert 2027 in calendar.provisional_years


def test_nth_working_day_and_days_between():
    calendar = workday_calendar()
    assert calendar.nth_working_day(D(2025, 9, 30), 1) == D(2025, 9, 30)
    assert calendar.nth_working_day(D(2025, 9, 30), 2) == D(2025, 10, 9)
    assert calendar.nth_working_day(D(2025, 10, 1), 1) == D(2025, 10, 9)
    # 9/27 Sat (no), 9/28 Sun (yes), 9/29, 9/30, 10/1-8 (no), 10/9, 10/10, 10/11 Sat (yes).
    assert calendar.working_days_between(D(2025, 9, 27), D(2025, 10, 12)) == 6
    assert calendar.working_days_between(D(2025, 10, 12), D(2025, 9, 27)) == 0


def test_length_from_the_measures_in_force(measure_2020):
    # 第十二条: 二十个工作日, read from the text at import.
    rules = measure_2020.rules
    assert rules.publicity_working_days == 20
    rules.publicity_working_days = 5
    rules.save()
    # 9/22-26 are five working days.
    assert window(D(2025, 9, 22)).end == D(2025, 9, 26)
    # Before the measures took effect there is no version to follow: the
    # command refuses such a date (tests/portal/test_measure_versions.py).


def test_out_of_range_dates_are_refused():
    from portal.core.workdays import CalendarRangeError

    with pytest.raises(CalendarRangeError):
        window(D(2003, 12, 31))
    with pytest.raises(ValueError):
        workday_calendar().window(D(2025, 1, 2), 0)
