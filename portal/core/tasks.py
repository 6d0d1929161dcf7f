"""Celery tasks of the core; each only calls a service."""

from celery import shared_task

from . import kept_files, notifications, queue, services


@shared_task(acks_late=True)
def working_day_periods_recompute(years: list[int] | None = None) -> None:
    """Recomputes the open periods touching ``years`` (see the service)."""
    services.working_day_periods_recompute(years=years)


@shared_task(acks_late=True)
def outbox_send(email_ids: list[int] | None = None) -> None:
    """Sends the given emails from the outbox (all unsent ones if None)."""
    notifications.outbox_send(email_ids=email_ids)


@shared_task(acks_late=True)
def orphan_files_sweep() -> None:
    """Deletes orphan private files and stale upload temp files (see the
    services)."""
    services.orphan_files_sweep()
    services.upload_temp_files_sweep()


@shared_task(acks_late=True)
def task_outbox_requeue() -> int:
    """Queues again the tasks the broker did not take (see the service)."""
    return queue.task_outbox_requeue()


@shared_task(acks_late=True)
def kept_files_sweep() -> None:
    """Deletes the files kept for refused forms that are older than a day."""
    kept_files.kept_files_sweep()
