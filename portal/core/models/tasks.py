"""The task outbox: work queued after a commit that the broker did not
take (it was down), kept until Celery beat hands it over."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueuedTask(models.Model):
    """A Celery task to queue again: its registered name and arguments,
    recorded when publishing failed; ``queued_at`` is stamped once beat
    (task_outbox_requeue, under a row lock) has handed it to the broker."""

    name = models.CharField(_("task"), max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["queued_at", "created_at"])]
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self) -> str:
        return self.name
