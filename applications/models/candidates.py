"""Candidate lists (备选名单, 第十一条): the batch the bureau decides on and
the next step publicises."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application, ApplicationKind


class CandidateList(models.Model):
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=ApplicationKind.choices)
    decision = models.TextField(
        _("decision"), help_text=_("The bureau's decision: meeting, date, basis.")
    )
    applications = models.ManyToManyField(
        Application, verbose_name=_("applications"), related_name="candidate_lists"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("candidate list")
        verbose_name_plural = _("candidate lists")

    def __str__(self) -> str:
        return self.title
