"""The statutory public holidays of 全国年节及纪念日放假办法 (as amended with
effect from 2025), for a year whose official arrangement is not yet known.

Lunar dates and the 清明 solar term come from lunar-python; nothing here is a
table of dates. A year computed this way has no make-up working days and no
bridging days: those exist only in the State Council's arrangement, which
replaces this computation when it is entered."""

import datetime
from importlib.metadata import version

from lunar_python import Lunar, Solar

ONE_DAY = datetime.timedelta(days=1)


def _solar(lunar_year: int, month: int, day: int) -> datetime.date:
    solar = Lunar.fromYmd(lunar_year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> datetime.date:
    # The lunar year that contains 1 June always contains that year's April.
    table = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()
    solar = table["清明"]
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """Returns the statutory holidays of ``year`` with their names: 元旦
    (1 Jan), 春节 (除夕 and the first three days of the lunar year), 清明
    (its solar-term day), 劳动节 (1–2 May), 端午 (5th day of the 5th lunar
    month), 中秋 (15th day of the 8th lunar month), 国庆节 (1–3 Oct)."""
    days: dict[datetime.date, str] = {}

    def add(day: datetime.date, name: str) -> None:
        if day.year == year:
            days[day] = f"{days[day]}、{name}" if day in days else name

    add(datetime.date(year, 1, 1), "元旦")
    new_year = _solar(year, 1, 1)
    for offset in (-1, 0, 1, 2):
        add(new_year + offset * ONE_DAY, "春节")
    add(_qingming(year), "清明节")
    add(datetime.date(year, 5, 1), "劳动节")
    add(datetime.date(year, 5, 2), "劳动节")
    add(_solar(year, 5, 5), "端午节")
    add(_solar(year, 8, 15), "中秋节")
    for day in (1, 2, 3):
        add(datetime.date(year, 10, day), "国庆节")
    return dict(sorted(days.items()))


# Names of chinese-calendar's holidays, as the State Council's notices write them.
_PACKAGE_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def package_arrangements() -> dict[int, tuple[dict[str, str], dict[str, str]]]:
    """Returns the official arrangements that the chinese-calendar package
    holds, per year: (holidays, make-up working days), each mapping an ISO
    date to a name. A day that is both a holiday and the 中秋/国庆 pair gets
    both names."""
    # Imported on use: the package's tables are read only by the calendar's
    # seeding migration and calendar_sync.
    from chinese_calendar import constants

    years: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
    for day, name in sorted(constants.holidays.items()):
        holidays, _makeup = years.setdefault(day.year, ({}, {}))
        holidays[day.isoformat()] = _PACKAGE_NAMES.get(name, name)
    for day, name in sorted(constants.workdays.items()):
        _holidays, makeup = years.setdefault(day.year, ({}, {}))
        makeup[day.isoformat()] = f"{_PACKAGE_NAMES.get(name, name)}调休"
    return years


def package_version() -> str:
    return version("chinese-calendar")
