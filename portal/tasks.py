"""Celery tasks of the project package; each only calls a service."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def working_day_periods_recompute(years: list[int] | None = None) -> None:
    """Recomputes the open periods touching ``years`` (see the service)."""
    services.working_day_periods_recompute(years=years)
