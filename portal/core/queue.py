"""The one way to queue work for a Celery worker: after the transaction
that makes the work needed commits (the worker must see what it works on;
a rollback queues nothing). Tasks are named, so a service need not import
the tasks module that imports it."""

import importlib

from celery import current_app
from django.db import transaction


def task_queue_after_commit(name: str, *args, **kwargs) -> None:
    """Queues the task registered as ``name`` (e.g.
    "applications.tasks.receipt_render") with ``args`` and ``kwargs`` once
    the current transaction commits, at once when there is none."""
    transaction.on_commit(lambda: task_named(name).delay(*args, **kwargs))


def task_named(name: str):
    """Returns the task registered as ``name``, importing its module the
    first time (a web process imports task modules only when asked)."""
    if name not in current_app.tasks:
        importlib.import_module(name.rsplit(".", 1)[0])
    return current_app.tasks[name]
