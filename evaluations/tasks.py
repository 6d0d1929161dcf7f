"""Celery tasks of the units app; each only calls a service."""

from celery import shared_task
from django.utils import timezone

from .services import obligations


@shared_task(acks_late=True)
def obligations_run() -> dict:
    """The daily obligations job for today (Asia/Shanghai)."""
    return obligations.obligations_run(day=timezone.localdate()).as_dict()
