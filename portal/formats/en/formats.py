"""Dates on the English pages: one format, "21 December 2026" (Django's
own English "Dec. 21, 2026" reads as American). The Chinese pages keep
Django's zh_Hans format, 2026年12月21日."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
