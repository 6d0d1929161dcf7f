"""/healthz: 200 with every dependency named, 503 when one is down."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthz_names_every_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": {"status": "ok"},
        "cache": {"status": "ok"},
        "broker": {"status": "ok"},
        "storage": {"status": "ok"},
    }


def test_healthz_is_503_when_the_cache_is_down(client, settings):
    # A real Redis client against a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["cache"]["status"] == "error"
    assert body["checks"]["database"] == {"status": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setitem(celery_app.conf, "broker_write_url", None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error"


def test_healthz_is_503_when_the_database_is_down():
    """A separate process whose DATABASE_URL points where no server listens."""
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": "postgres://portal@127.0.0.1:1/portal",
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("CACHE_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    script = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'code': r.status_code, 'body': r.json()}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 503
    assert outcome["body"]["checks"]["database"]["status"] == "error"
    assert outcome["body"]["checks"]["cache"] == {"status": "ok"}
    # The public answer names the kind of failure, never the server.
    assert "127.0.0.1" not in json.dumps(outcome["body"])
