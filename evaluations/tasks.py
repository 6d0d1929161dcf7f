"""Celery tasks of the evaluations app; each only calls a service."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def obligations_run() -> dict:
    """The daily obligations job for today (Asia/Shanghai)."""
    from .services.obligations import obligations_run as run

    return run(day=timezone.localdate()).as_dict()
