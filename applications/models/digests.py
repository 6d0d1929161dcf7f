"""The reviewers' morning digest (issue 16): one row per reviewer and day,
so that two runs of the beat task (or two beat processes) send it once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewerDigest(models.Model):
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("day"))
    supplements = models.PositiveSmallIntegerField(_("supplement deadlines"), default=0)
    experts = models.PositiveSmallIntegerField(_("expert reviews"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "reviewer"]
        verbose_name = _("reviewer's digest")
        verbose_name_plural = _("reviewers' digests")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "day"], name="reviewer_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} · {self.day.isoformat()}"
