"""Celery tasks of the public site: the PDFs of the documents it issues.
Each only calls a service, is queued after the commit of the step that
issues the document, and may run twice (rendering again replaces)."""

from celery import shared_task

from .services import documents, measures, sweeps

RETRIES = {"acks_late": True, "autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRIES)
def measure_pdf_render(page_id: int) -> None:
    """Renders the PDF of a measures version."""
    measures.measure_pdf_render(page_id=page_id)


@shared_task(**RETRIES)
def publicity_notice_render(candidate_list_id: int) -> None:
    """Renders the PDF of a publicity notice."""
    documents.publicity_notice_render(candidate_list_id=candidate_list_id)


@shared_task(**RETRIES)
def unit_certificate_render(unit_id: int) -> None:
    """Renders the certificate (授牌) of an established unit."""
    documents.unit_certificate_render(unit_id=unit_id)


@shared_task(**RETRIES)
def acceptance_plaque_render(acceptance_id: int) -> None:
    """Renders the plaque of a zone that passed acceptance."""
    documents.acceptance_plaque_render(acceptance_id=acceptance_id)


@shared_task(**RETRIES)
def evaluation_report_render(evaluation_id: int) -> None:
    """Renders the report of a concluded comprehensive evaluation."""
    documents.evaluation_report_render(evaluation_id=evaluation_id)


@shared_task(acks_late=True)
def documents_sweep() -> dict:
    """Queues the official documents that should exist and do not."""
    return sweeps.documents_sweep()
