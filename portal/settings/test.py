"""Settings for the test suite (``make test``, CI).

The same environment variables apply: CI points DATABASE_URL at PostgreSQL
and the broker and cache at Redis; a developer's ``make test`` runs on
SQLite and the embedded broker.
"""

from .base import *
from .base import DATABASES, VAR_DIR, env, filesystem_broker_options

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Django's test client signs in without a request, which axes refuses; the
# lockout tests switch it back on.
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Static files come from the app folders (runserver, the test live server),
# not from a collected STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(VAR_DIR / "test-media" / "private")},
}
# Tasks run in-process unless a test starts a real worker (see
# tests/portal/test_celery_roundtrip.py, which turns this off).
CELERY_TASK_ALWAYS_EAGER = True
# A task that fails in-process fails the test, as it would fail in a worker.
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="portal-test")
CELERY_BROKER_FOLDER = VAR_DIR / "celery-test"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(CELERY_BROKER_FOLDER)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process started by a test sees
    # the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
WAGTAILADMIN_BASE_URL = "http://testserver"
