"""Checks of the services the portal depends on, for ``/healthz``.

Each check returns ``None`` when the dependency answers, or a short reason
when it does not. Reasons name the kind of failure only: the endpoint is
public, so hosts and credentials never appear in them; the full error is
logged.
"""

import logging
import os
import uuid
from collections.abc import Callable

from celery import current_app as app
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections

logger = logging.getLogger(__name__)

BROKER_TIMEOUT_SECONDS = 2


def check_database() -> str | None:
    """Returns None if the default database answers a trivial query."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return None


def check_cache() -> str | None:
    """Returns None if a value written to the cache reads back the same."""
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            return "cache did not return the value written"
    finally:
        cache.delete(key)
    return None


def check_broker() -> str | None:
    """Returns None if a connection to the Celery broker can be opened."""
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
        if conn.transport_cls == "filesystem":
            folder = app.conf.broker_transport_options["data_folder_in"]
            if not os.access(folder, os.W_OK):
                return "broker folder is not writable"
    return None


def check_storage() -> str | None:
    """Returns None if the media storage can be reached (and, on local
    disk, written)."""
    if isinstance(default_storage, FileSystemStorage):
        location = default_storage.location
        os.makedirs(location, exist_ok=True)
        if not os.access(location, os.W_OK):
            return "media folder is not writable"
        return None
    default_storage.exists("healthz-probe")
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
}


def run_checks() -> dict[str, dict[str, str]]:
    """Returns each dependency's status: ``{"database": {"status": "ok"}, …}``,
    with ``"status": "error"`` and a ``"detail"`` for a failing one."""
    results = {}
    for name, check in CHECKS.items():
        try:
            problem = check()
        except Exception as exc:  # any failure of a dependency is a "down"
            logger.warning("health check %s failed", name, exc_info=True)
            problem = type(exc).__name__
        results[name] = (
            {"status": "ok"}
            if problem is None
            else {
                "status": "error",
                "detail": problem,
            }
        )
    return results
