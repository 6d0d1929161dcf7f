"""Candidate lists (备选名单, 第十一条) and their publicity (公示, 第十二条)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.core.storage import private_storage

from .applications import Application, ApplicationKind


def notice_pdf_path(instance, filename: str) -> str:
    return f"publicity/{instance.pk}/{filename}"


class CandidateList(models.Model):
    """The bureau's decision on a batch of candidates; once published, its
    publicity window is a stored working-day period (``period``)."""

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
    # Publicity: set once, by candidate_list_publish.
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    period = models.OneToOneField(
        "portal.WorkingDayPeriod",
        verbose_name=_("publicity window"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidate_list",
    )
    objections_at_close = models.PositiveIntegerField(
        _("objections received in the window"), null=True, blank=True
    )
    # The public notice of the publicity, made by the public site when the
    # list is published.
    publicity_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("publicity notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notice_pdf = models.FileField(
        _("notice PDF"), storage=private_storage, upload_to=notice_pdf_path, blank=True
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("candidate list")
        verbose_name_plural = _("candidate lists")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.period_id is not None
