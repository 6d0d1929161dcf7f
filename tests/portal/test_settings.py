"""Settings read from the environment; production refuses unsafe ones.

Settings are read once per process, so each case runs in a fresh one."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

PORTAL_VARIABLES = (
    "DATABASE_URL",
    "CACHE_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "WAGTAILADMIN_BASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "AWS_STORAGE_BUCKET_NAME",
    "CELERY_TASK_DEFAULT_QUEUE",
    "MEDIA_ROOT",
)
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "portal.example.cn",
    "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.cn:587",
    "WAGTAILADMIN_BASE_URL": "https://portal.example.cn",
}


def clean_env(module: str, **variables: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in PORTAL_VARIABLES}
    return env | {"DJANGO_SETTINGS_MODULE": module} | variables


def read_settings(module: str, names: list[str], **variables: str) -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=django_settings.BASE_DIR,
        env=clean_env(module, **variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(module: str, *args: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=clean_env(module, **variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_dev_defaults_need_no_server():
    values = read_settings(
        "portal.settings.dev",
        [
            "DATABASES",
            "CACHES",
            "CELERY_BROKER_URL",
            "EMAIL_BACKEND",
            "STORAGES",
            "DEBUG",
            "TIME_ZONE",
            "USE_TZ",
            "LANGUAGE_CODE",
            "LANGUAGES",
        ],
    )
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"].endswith("var/db.sqlite3")
    assert values["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert values["CELERY_BROKER_URL"] == "filesystem://localhost//"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert values["DEBUG"] is True
    assert values["TIME_ZONE"] == "Asia/Shanghai"
    assert values["USE_TZ"] is True
    assert values["LANGUAGE_CODE"] == "zh-hans"
    assert [code for code, _ in values["LANGUAGES"]] == ["zh-hans", "en"]


def test_environment_selects_postgres_redis_and_s3():
    values = read_settings(
        "portal.settings.dev",
        ["DATABASES", "CACHES", "CELERY_BROKER_URL", "STORAGES", "AWS_STORAGE_BUCKET_NAME"],
        DATABASE_URL="postgres://portal:pw@db.internal:5433/portal",
        CACHE_URL="redis://cache.internal:6379/3",
        CELERY_BROKER_URL="redis://cache.internal:6379/4",
        AWS_STORAGE_BUCKET_NAME="portal-uploads",
    )
    database = values["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "portal")
    assert values["CACHES"]["default"] == {
        "BACKEND": "portal.core.cache.PortalRedisCache",
        "LOCATION": "redis://cache.internal:6379/3",
        "KEY_PREFIX": "portal",
    }
    assert values["CELERY_BROKER_URL"] == "redis://cache.internal:6379/4"
    assert values["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"


def test_production_refuses_to_start_without_its_settings():
    result = manage("portal.settings.production", "check")
    assert result.returncode != 0
    message = result.stderr
    assert "Traceback" not in message
    for name in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "EMAIL_URL",
        "WAGTAILADMIN_BASE_URL",
    ):
        assert name in message


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"SECRET_KEY": "insecure-development-key-do-not-use-in-production"}, "SECRET_KEY"),
        ({"DATABASE_URL": "sqlite:////tmp/portal.sqlite3"}, "PostgreSQL"),
        ({"CELERY_BROKER_URL": "filesystem://"}, "CELERY_BROKER_URL"),
        ({"WAGTAILADMIN_BASE_URL": ""}, "WAGTAILADMIN_BASE_URL"),
        ({"WAGTAILADMIN_BASE_URL": "portal.example.cn"}, "WAGTAILADMIN_BASE_URL"),
    ],
)
def test_production_refuses_unsafe_values(override, problem):
    result = manage("portal.settings.production", "check", **(PRODUCTION_ENV | override))
    assert result.returncode != 0
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


def test_production_passes_the_deployment_checks():
    result = manage(
        "portal.settings.production",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr


def test_a_database_that_is_down_gives_one_clear_line():
    result = manage(
        "portal.settings.dev", "migrate", DATABASE_URL="postgres://portal@127.0.0.1:1/portal"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "数据库不可用 / database unavailable" in result.stderr


def test_production_builds_links_on_the_public_address():
    values = read_settings(
        "portal.settings.production", ["WAGTAILADMIN_BASE_URL"], **PRODUCTION_ENV
    )
    assert values["WAGTAILADMIN_BASE_URL"] == "https://portal.example.cn"
