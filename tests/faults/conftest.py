"""Fixtures of the fault tests: a broker that is down, then back."""

import socket

import pytest

from portal.celery import app as celery_app

# How long a request may take while the broker is down (the bound).
ANSWER_SECONDS = 2


def closed_port() -> int:
    """Returns a local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fresh_connections() -> None:
    """Forgets the app's pools of broker connections and producers (kombu
    keeps one per broker URL), so that the next publish connects to the
    broker the configuration names now."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Broker:
    """The broker as a test sees it: ``down()`` points the Celery app at a
    closed port and sends tasks for real (no in-process execution), as in
    production; ``back()`` runs tasks in-process again, as a worker reading
    a working broker would."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def down(self) -> None:
        url = f"redis://127.0.0.1:{closed_port()}/0"
        # Celery copies the URL to the write and read URLs when configured.
        for key in ("broker_url", "broker_write_url", "broker_read_url"):
            self.monkeypatch.setitem(celery_app.conf, key, url)
        self.monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
        _fresh_connections()

    def back(self) -> None:
        self.monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
        _fresh_connections()


@pytest.fixture
def broker(monkeypatch):
    yield Broker(monkeypatch)
    _fresh_connections()
