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


def refusal_scan_path(instance, filename: str) -> str:
    return f"refusals/{instance.candidate_list_id}/{filename}"


class GovernmentRefusal(models.Model):
    """The municipal government's refusal (不予批准) of candidates of a
    publicised list: the record beside the candidates' “record_refusal”
    transitions, as Approval (evaluations) is beside their establishment.
    Made once, by application_refusal_record; never edited."""

    candidate_list = models.ForeignKey(
        CandidateList,
        verbose_name=_("candidate list"),
        on_delete=models.PROTECT,
        related_name="refusals",
    )
    document_number = models.CharField(_("document number"), max_length=64)
    refused_on = models.DateField(_("refused on"))
    reason = models.TextField(_("reason"))
    # The government's document, when the bureau has a scan of it.
    scan = models.FileField(
        _("scan"), storage=private_storage, upload_to=refusal_scan_path, blank=True
    )
    scan_name = models.CharField(_("file name"), max_length=255, blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    applications = models.ManyToManyField(
        Application, verbose_name=_("candidates refused"), related_name="government_refusals"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-refused_on", "-pk"]
        verbose_name = _("government refusal")
        verbose_name_plural = _("government refusals")

    def __str__(self) -> str:
        return self.document_number
