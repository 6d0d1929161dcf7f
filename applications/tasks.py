"""Celery tasks of the applications app; each only calls a service."""

from celery import shared_task

from .services import publicity, review, staff_notices, submission, sweeps


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def receipt_render(application_id: int) -> None:
    """Renders and emails the receipt of a submitted application."""
    submission.receipt_render_store(application_id=application_id)


@shared_task(acks_late=True)
def supplements_expire() -> None:
    """Returns the applications whose supplement deadline has passed."""
    review.supplements_expire()


@shared_task(acks_late=True)
def publicity_close_due() -> None:
    """Closes the publicity windows whose last day is over (each once)."""
    publicity.publicity_close_due()


@shared_task(acks_late=True)
def receipts_sweep() -> list[int]:
    """Queues the receipts that should exist and do not."""
    return sweeps.receipts_sweep()


@shared_task(acks_late=True)
def reviewer_digests_send() -> int:
    """Tells each reviewer, in the morning, what falls due tomorrow (once a day)."""
    return staff_notices.reviewer_digests_send()
