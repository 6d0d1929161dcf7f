"""The working-day calendar: one row per year of the State Council's holiday
arrangement (放假安排)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYearStatus(models.TextChoices):
    OFFICIAL = "official", _("Official")
    PROVISIONAL = "provisional", _("Provisional")


class CalendarYear(models.Model):
    """A year's holidays and make-up working days (调休).

    ``holidays`` and ``makeup_workdays`` map ISO dates to a name, e.g.
    ``{"2025-10-01": "国庆节、中秋节"}``. A day is a working day when it is a
    make-up working day, or a weekday that is not a holiday. A year with no
    row is computed provisionally (see portal.holidays)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CalendarYearStatus.choices,
        default=CalendarYearStatus.OFFICIAL,
    )
    source_number = models.CharField(
        _("source notice number"), max_length=64, blank=True, help_text="国办发明电〔2024〕12号"
    )
    source_date = models.DateField(_("source notice date"), null=True, blank=True)
    source_note = models.CharField(_("source note"), max_length=255, blank=True)
    holidays = models.JSONField(_("holidays"), default=dict, blank=True)
    makeup_workdays = models.JSONField(_("make-up working days"), default=dict, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return f"{self.year}"

    @property
    def holiday_count(self) -> int:
        return len(self.holidays or {})

    @property
    def makeup_count(self) -> int:
        return len(self.makeup_workdays or {})

    @property
    def is_provisional(self) -> bool:
        return self.status == CalendarYearStatus.PROVISIONAL

    def holiday_dates(self) -> set[datetime.date]:
        """Returns the holidays as dates."""
        return {datetime.date.fromisoformat(d) for d in self.holidays}

    def makeup_dates(self) -> set[datetime.date]:
        """Returns the make-up working days as dates."""
        return {datetime.date.fromisoformat(d) for d in self.makeup_workdays}
