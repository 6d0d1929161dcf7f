"""Celery tasks of the applications app; each only calls a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def receipt_render(application_id: int) -> None:
    """Renders and emails the receipt of a submitted application."""
    services.receipt_render_store(application_id=application_id)


@shared_task(acks_late=True)
def supplements_expire() -> None:
    """Returns the applications whose supplement deadline has passed."""
    services.supplements_expire()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def publicity_notice_render(candidate_list_id: int) -> None:
    """Renders the PDF of a publicity notice."""
    from .services.publicity import publicity_notice_render as render

    render(candidate_list_id=candidate_list_id)


@shared_task(acks_late=True)
def publicity_close_due() -> None:
    """Closes the publicity windows whose last day is over (each once)."""
    from .services.publicity import publicity_close_due as close_due

    close_due()
