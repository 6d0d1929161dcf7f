"""Settings for ``make run`` on a developer's machine."""

from .base import *
from .base import EMAIL_URL, env

DEBUG = env.bool("DEBUG", default=True)
# Static files come from the app folders through runserver in development.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Static files come from the app folders (runserver, the test live server),
# not from a collected STATIC_ROOT.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
if not EMAIL_URL:
    # Sent mail lands as files in var/mail, where a newcomer can read it.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
