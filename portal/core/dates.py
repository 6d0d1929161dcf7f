"""Date arithmetic shared by the apps."""

import datetime
from zoneinfo import ZoneInfo

# Deadlines end at 24:00 Beijing time, whatever the server's zone.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def add_years(day: datetime.date, years: int) -> datetime.date:
    """Returns the corresponding day ``years`` later; 29 February maps to
    28 February in a common year (the last day of that month), as 民法典
    第二百零二条 counts periods of years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def cn_date(day: datetime.date) -> str:
    """Returns a date as official documents write it: 2025年9月22日."""
    return f"{day.year}年{day.month}月{day.day}日"
