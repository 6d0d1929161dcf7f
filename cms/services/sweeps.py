"""Official documents that should exist and do not, found and queued again:
for a rendering task that was lost (a worker that crashed, a broker that
lost its queue, an outage that the task outbox could not record)."""

import logging

from django.db.models import Q
from django.utils import timezone

from applications.models import CandidateList
from evaluations.models import Acceptance, AcceptanceStatus, Evaluation, ProtectedUnit
from portal.core.queue import SWEEP_AFTER, task_publish, tasks_pending

from ..models import MeasurePage, MeasurePdf

logger = logging.getLogger(__name__)


def _missing(cutoff) -> dict[str, set[int]]:
    """Returns, by rendering task, the ids of what lacks its document."""
    measures = MeasurePage.objects.live().filter(last_published_at__lt=cutoff)
    rendered = set(MeasurePdf.objects.exclude(file="").values_list("page_id", "revision_id"))
    return {
        "cms.tasks.publicity_notice_render": set(
            CandidateList.objects.filter(
                period__isnull=False, page__first_published_at__lt=cutoff, notice_pdf=""
            ).values_list("pk", flat=True)
        ),
        "cms.tasks.unit_certificate_render": set(
            ProtectedUnit.objects.filter(
                approval__isnull=False, created_at__lt=cutoff, certificate_pdf=""
            ).values_list("pk", flat=True)
        ),
        "cms.tasks.acceptance_plaque_render": set(
            Acceptance.objects.filter(
                status=AcceptanceStatus.PASSED, decided_at__lt=cutoff, plaque_pdf=""
            ).values_list("pk", flat=True)
        ),
        "cms.tasks.evaluation_report_render": set(
            Evaluation.objects.filter(decided_at__lt=cutoff)
            .filter(Q(report_pdf="") | Q(report_pdf__isnull=True))
            .values_list("pk", flat=True)
        ),
        "cms.tasks.measure_pdf_render": {
            pk
            for pk, revision in measures.values_list("pk", "live_revision_id")
            if (pk, revision) not in rendered
        },
    }


def documents_sweep(*, now=None) -> dict[str, list[int]]:
    """Queues the rendering of each official document that is missing
    SWEEP_AFTER after the step that issued it — a published list's notice,
    an established unit's certificate, a passed acceptance's plaque, a
    concluded evaluation's report, a live measures version's PDF — unless
    that task already waits in the task outbox. Returns the ids queued by
    task. Harmless to repeat: rendering again replaces."""
    cutoff = (now or timezone.now()) - SWEEP_AFTER
    queued = {}
    for name, ids in _missing(cutoff).items():
        ids = sorted(ids - tasks_pending(name))
        for pk in ids:
            task_publish(name, args=[pk])
        if ids:
            queued[name] = ids
    if queued:
        logger.warning("documents missing, queued again: %s", queued)
    return queued
