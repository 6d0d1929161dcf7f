"""Work that should exist and does not, found and queued again: for a task
that was lost (a worker that crashed, a broker that lost its queue, an
outage that the task outbox could not record)."""

import logging

from django.utils import timezone

from portal.core.queue import SWEEP_AFTER, task_publish, tasks_pending

from ..models import Application

logger = logging.getLogger(__name__)

RECEIPT_TASK = "applications.tasks.receipt_render"


def receipts_sweep(*, now=None) -> list[int]:
    """Queues the receipt of each submitted application that has none
    SWEEP_AFTER after its submission, unless that task already waits in
    the task outbox; returns the ids queued. Harmless to repeat: the task
    stores and emails a receipt once."""
    cutoff = (now or timezone.now()) - SWEEP_AFTER
    missing = set(
        Application.objects.filter(
            receipt_number__isnull=False, submitted_at__lt=cutoff, receipt_pdf=""
        ).values_list("pk", flat=True)
    ) - tasks_pending(RECEIPT_TASK)
    for pk in sorted(missing):
        task_publish(RECEIPT_TASK, args=[pk])
    if missing:
        logger.warning("receipts missing, queued again: %s", sorted(missing))
    return sorted(missing)
