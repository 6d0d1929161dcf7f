"""Settings for production: gunicorn, PostgreSQL, Redis, separate Celery
worker and beat processes.

Refuses to start, with one message naming every problem, when a setting
production needs is missing or unsafe.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *
from .base import (
    CACHE_URL,
    CELERY_BROKER_URL,
    DATABASES,
    EMAIL_URL,
    INSECURE_DEFAULT_SECRET_KEY,
    SECRET_KEY,
    env,
)

DEBUG = env.bool("DEBUG", default=False)

_problems = []
if DEBUG:
    _problems.append("DEBUG must be off in production (unset DEBUG or set DEBUG=false).")
if SECRET_KEY == INSECURE_DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    _problems.append("SECRET_KEY must be set to a random value of 50 characters or more.")
if not env("ALLOWED_HOSTS", default=""):
    _problems.append("ALLOWED_HOSTS must list the portal's host names.")
if "DATABASE_URL" not in env.ENVIRON:
    _problems.append("DATABASE_URL must point at PostgreSQL.")
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    _problems.append("DATABASE_URL must point at PostgreSQL (postgres://…).")
if not CELERY_BROKER_URL.startswith(("redis://", "rediss://", "amqp://", "amqps://")):
    _problems.append("CELERY_BROKER_URL must name a Redis or RabbitMQ server.")
if not CACHE_URL:
    _problems.append("CACHE_URL must name a Redis server (redis://…).")
if not EMAIL_URL:
    _problems.append("EMAIL_URL must name the SMTP server (smtp+tls://user:password@host:587).")
# Every link in a notification is built on it; base.py's default would
# send people to 127.0.0.1.
if not env("WAGTAILADMIN_BASE_URL", default="").startswith(("https://", "http://")):
    _problems.append(
        "WAGTAILADMIN_BASE_URL must be the portal's public address (https://portal.example.cn): "
        "the links in notifications are built on it."
    )
# Two-factor sign-in for staff: on unless turned off, and off is refused.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=True)
if not STAFF_TWO_FACTOR_REQUIRED:
    _problems.append("STAFF_TWO_FACTOR_REQUIRED must stay on in production (unset it).")
if _problems:
    raise ImproperlyConfigured("Production settings are incomplete:\n- " + "\n- ".join(_problems))

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# /healthz is probed over plain HTTP by the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Preloading HSTS into browsers cannot be undone quickly; the bureau opts in
# with SECURE_HSTS_PRELOAD=true once HTTPS is settled on every subdomain.
SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
