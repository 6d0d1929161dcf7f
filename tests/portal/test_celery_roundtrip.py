"""A real Celery round trip: publishing the measures queues a task on the
configured broker (Redis in CI, the filesystem broker on a laptop), a worker
process started here consumes it, and the PDF it renders is in the database
and storage."""

import os
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from cms.models import MeasurePdf
from portal.celery import app as celery_app

from .pdf_text import pdf_text

pytestmark = pytest.mark.broker

WAIT_SECONDS = 90


def database_url() -> str:
    """Returns a URL for the test database, for the worker process."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or ""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    credentials = f"{user}{password}@" if user else ""
    return f"postgres://{credentials}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_queue(monkeypatch):
    """A queue of this test's own, and tasks really sent rather than run
    in-process."""
    queue = f"portal-roundtrip-{uuid.uuid4().hex[:8]}"
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "task_default_queue", queue)
    return queue


@pytest.fixture
def worker(committed_db, worker_queue, tmp_path):
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": database_url(),
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "portal",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--queues={worker_queue}",
                "--loglevel=INFO",
                f"--hostname=roundtrip-{worker_queue}@%h",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    yield process, log
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_worker_renders_the_measures_pdf(worker, measures_2020_bytes):
    from cms.services import measure_import

    process, log = worker
    # The import publishes the page; publishing queues the PDF on commit.
    page = measure_import(data=measures_2020_bytes).page
    assert not MeasurePdf.objects.filter(page=page).exists()

    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        if MeasurePdf.objects.filter(page=page).exists():
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"no PDF after {WAIT_SECONDS}s; worker log:\n{log.read_text()}")

    pdf = MeasurePdf.objects.get(page=page)
    assert pdf.revision_id == page.live_revision_id
    with pdf.file.open("rb") as handle:
        assert "第十二条市文旅局将文化生态保护区备选名单" in pdf_text(handle.read())
    # It was the worker process, reading from the broker, that did it.
    deadline = time.monotonic() + 10
    while "cms.tasks.measure_pdf_render" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "cms.tasks.measure_pdf_render" in log.read_text()
    assert "succeeded" in log.read_text()
