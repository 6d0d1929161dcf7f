"""Celery tasks of the public site; each only calls a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def measure_pdf_render(page_id: int) -> None:
    """Renders the PDF of a measures version (see services.measure_pdf_render)."""
    services.measure_pdf_render(page_id=page_id)
