"""Celery tasks of the evaluations app; each only calls a service."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def obligations_run() -> dict:
    """The daily obligations job for today (Asia/Shanghai)."""
    from .services.obligations import obligations_run as run

    return run(day=timezone.localdate()).as_dict()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def acceptance_plaque_render(acceptance_id: int) -> None:
    """Renders the plaque of a zone that passed acceptance."""
    from .services.filings import acceptance_plaque_render as render

    render(acceptance_id=acceptance_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def unit_certificate_render(unit_id: int) -> None:
    """Renders the certificate (授牌) of an established unit."""
    from .services.designation import unit_certificate_render as render

    render(unit_id=unit_id)
