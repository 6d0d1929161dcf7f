"""Admin forms of the project package."""

import calendar as pycalendar
import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CalendarYear
from .services import CalendarInputError, calendar_days_validate, calendar_text_parse


def days_text(holidays: dict[str, str], makeup: dict[str, str]) -> str:
    """Returns the one-day-a-line text of a year's arrangement."""
    lines = [(d, "休", n) for d, n in holidays.items()] + [(d, "班", n) for d, n in makeup.items()]
    return "\n".join(f"{d},{kind},{name}".rstrip(",") for d, kind, name in sorted(lines))


class CalendarYearForm(forms.ModelForm):
    """A year's arrangement: the days as text (the month grid edits the same
    text), or a CSV/text file that replaces it."""

    days = forms.CharField(
        label=_("Holidays and make-up working days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "data-calendar-days": ""}),
        help_text=_(
            "One day a line: “2025-10-01,休,国庆节” or “2025-09-28,班,国庆节调休”. "
            "Clicking a day in the calendar above edits this list."
        ),
    )
    days_file = forms.FileField(
        label=_("Import from a CSV or text file"),
        required=False,
        help_text=_("Same format as the list; a file replaces the list."),
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "status", "source_number", "source_date", "source_note"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.initial["days"] = days_text(
                self.instance.holidays or {}, self.instance.makeup_workdays or {}
            )
        else:
            self.initial.setdefault("year", timezone.localdate().year + 1)

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year") or self.instance.year
        if year is None:
            return cleaned
        upload = cleaned.get("days_file")
        text = cleaned.get("days") or ""
        if upload:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("days_file", _("The file is not UTF-8 text."))
                return cleaned
            # The file's content goes back into the list, so that a failed
            # save shows what was read.
            self.data = self.data.copy()
            self.data["days"] = text
        try:
            holidays, makeup = calendar_text_parse(text=text, year=year)
            calendar_days_validate(year=year, holidays=holidays, makeup=makeup)
            cleaned["holidays"], cleaned["makeup_workdays"] = holidays, makeup
        except CalendarInputError as exc:
            self.add_error("days_file" if upload else "days", str(exc))
        return cleaned


def month_grid(year: int, holidays: dict[str, str], makeup: dict[str, str]) -> list[dict]:
    """Returns the twelve months of ``year`` as weeks of day cells (Monday
    first), each cell with its date, kind (work, rest, holiday, makeup) and
    name; None pads the weeks."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                iso = day.isoformat()
                if iso in makeup:
                    kind, name = "makeup", makeup[iso]
                elif iso in holidays:
                    kind, name = "holiday", holidays[iso]
                else:
                    kind, name = ("rest" if day.weekday() >= 5 else "work"), ""
                cells.append(
                    {
                        "date": day,
                        "iso": iso,
                        "kind": kind,
                        "name": name,
                        "weekend": day.weekday() >= 5,
                    }
                )
            weeks.append(cells)
        months.append({"number": month, "first": datetime.date(year, month, 1), "weeks": weeks})
    return months
