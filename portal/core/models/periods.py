"""Stored periods counted in working days: publicity windows, supplement
deadlines. Each keeps the rule it was computed by, so that it can be
recomputed when a year's arrangement is entered or changed."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class FirstDayRule(models.TextChoices):
    # The Ministry's notices run "即日起": the publication day counts when it
    # is a working day.
    SAME_DAY = "same_day", _("From the publication day, if it is a working day")
    # 民法典 第二百零一条: a period starts on the next day.
    NEXT_DAY = "next_day", _("From the day after publication")


class WorkingDayPeriod(models.Model):
    """A period of ``working_days`` working days anchored on ``anchor_date``.

    ``start_date`` and ``end_date`` are stored (the public sees exactly
    these); the period ends at 24:00 Asia/Shanghai of ``end_date``."""

    kind = models.CharField(_("kind"), max_length=32)
    label = models.CharField(_("label"), max_length=255)
    anchor_date = models.DateField(_("published on"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    first_day_rule = models.CharField(
        _("first day"), max_length=16, choices=FirstDayRule.choices, default=FirstDayRule.SAME_DAY
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    provisional = models.BooleanField(_("provisional"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-anchor_date", "-pk"]
        verbose_name = _("working-day period")
        verbose_name_plural = _("working-day periods")
        indexes = [models.Index(fields=["closed_at", "end_date"])]

    def __str__(self) -> str:
        mark = _(" (provisional)") if self.provisional else ""
        return f"{self.label} ({self.start_date} – {self.end_date}){mark}"
