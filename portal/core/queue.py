"""The one way to queue work for a Celery worker: after the transaction
that makes the work needed commits (the worker must see what it works on;
a rollback queues nothing). Tasks are named, so a service need not import
the tasks module that imports it.

Queueing never fails the request that asked for it: when the broker is
down the task is recorded in the task outbox (QueuedTask) and Celery beat
queues it again (task_outbox_requeue). Publishing is tried once, and the
connection's own attempts are bounded (portal.celery: about a second), so
an outage does not hold a request or a worker."""

import datetime
import importlib
import logging

from celery import current_app
from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import QueuedTask

logger = logging.getLogger(__name__)

# Queued tasks are kept this long after beat handed them over, for
# looking into an outage; then they go.
QUEUED_KEPT = datetime.timedelta(days=30)
# A sweep (work that should exist and does not) looks only at what is older
# than this, so that it does not race the normal path of queue and worker.
SWEEP_AFTER = datetime.timedelta(minutes=10)


def task_queue_after_commit(name: str, *args, **kwargs) -> None:
    """Queues the task registered as ``name`` (e.g.
    "applications.tasks.receipt_render") with ``args`` and ``kwargs`` once
    the current transaction commits, at once when there is none; records
    it in the task outbox when the broker does not take it."""
    transaction.on_commit(lambda: task_publish(name, args=list(args), kwargs=kwargs))


def task_publish(name: str, *, args: list | None = None, kwargs: dict | None = None) -> bool:
    """Hands the task to the broker now and returns True; when the broker
    does not take it (down, unreachable, refusing), records it in the task
    outbox and returns False. Never raises for the broker. (Tests run tasks
    in-process, ``task_always_eager``: there a task's own error propagates.)"""
    args, kwargs = list(args or []), dict(kwargs or {})
    if _eager():
        task_send(name, args=args, kwargs=kwargs)
        return True
    try:
        task_send(name, args=args, kwargs=kwargs)
    except Exception as error:  # any broker failure: the outbox keeps the task
        logger.warning("broker unavailable; %s recorded in the task outbox: %s", name, error)
        try:
            QueuedTask.objects.create(
                name=name, args=args, kwargs=kwargs, attempts=1, last_error=str(error)[:255]
            )
        except DatabaseError:  # the database too: the sweeps find the work later
            logger.exception("could not record %s%r in the task outbox", name, args)
        return False
    return True


def task_send(name: str, *, args: list, kwargs: dict) -> None:
    """Publishes the task once (no retry policy: the caller keeps it when
    this fails) and raises the broker's error."""
    task_named(name).apply_async(args=args, kwargs=kwargs, retry=False)


def task_named(name: str):
    """Returns the task registered as ``name``, importing its module the
    first time (a web process imports task modules only when asked)."""
    if name not in current_app.tasks:
        importlib.import_module(name.rsplit(".", 1)[0])
    return current_app.tasks[name]


def tasks_pending(name: str) -> set:
    """Returns the first argument of each recorded, not yet re-queued task
    ``name`` (the id it works on), for a sweep not to record it twice."""
    return {
        args[0]
        for args in QueuedTask.objects.filter(name=name, queued_at__isnull=True).values_list(
            "args", flat=True
        )
        if args
    }


def task_outbox_requeue(*, limit: int = 200) -> int:
    """Hands the recorded tasks to the broker, oldest first, each under a
    row lock taken with SKIP LOCKED and stamped ``queued_at`` in the same
    transaction, so that two beats never queue one twice. Stops at the
    first broker error (it is still down): that task keeps the error and
    its count of attempts for the next run. Forgets tasks handed over more
    than QUEUED_KEPT ago. Returns how many were queued."""
    queued = 0
    pending = QueuedTask.objects.filter(queued_at__isnull=True).order_by("pk")
    for pk in list(pending.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            job = (
                QueuedTask.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, queued_at__isnull=True)
                .first()
            )
            if job is None:
                continue  # queued meanwhile, or being queued by another beat
            job.attempts += 1
            try:
                task_send(job.name, args=job.args, kwargs=job.kwargs)
            except Exception as error:  # still down: try again next time
                job.last_error = str(error)[:255]
                job.save(update_fields=["attempts", "last_error"])
                break
            job.queued_at = timezone.now()
            job.save(update_fields=["attempts", "queued_at"])
            queued += 1
    QueuedTask.objects.filter(queued_at__lt=timezone.now() - QUEUED_KEPT).delete()
    return queued


def _eager() -> bool:
    return bool(current_app.conf.task_always_eager)
