"""Settings shared by every environment.

Every environment variable the portal reads is read here, through ``env``,
and documented in ``.env.example``. The other modules in this package only
adjust defaults; ``production`` also refuses to start when what it needs is
missing.
"""

import datetime
import ipaddress
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Runtime state of a development machine (SQLite file, embedded broker,
# sent mail, uploads) lives in one git-ignored folder.
VAR_DIR = BASE_DIR / "var"
# The text of the first measures (管理办法): its numbers are the rules until
# a version is imported (applications.models.rules.bundled_numbers).
MEASURES_BUNDLED_FILE = BASE_DIR / "cms" / "data" / "measures-2020.md"

env = environ.Env()
# A local .env file is optional; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# The default key is a well-known placeholder: dev and test accept it,
# production refuses to start with it (see production.py).
INSECURE_DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal.apps.PortalConfig",
    "cms.apps.CmsConfig",
    "applications.apps.ApplicationsConfig",
    "evaluations.apps.EvaluationsConfig",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, showing the roles' labels (issue 16).
    "portal.apps.PortalUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The open data API's documentation page uses ninja's own copy of
    # Swagger UI (its static files) instead of a CDN.
    "ninja",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Security: Content-Security-Policy headers, two-factor sign-in for staff.
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Last: its signal handlers see every app's models.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Issue 13 (inputs): a NUL character in the path or a query parameter
    # is refused with 400 and a message before any view, cache or query.
    "portal.core.middleware.NulRefusalMiddleware",
    # Anonymous readers' public pages from the cache, before the session,
    # user and database are touched (portal/cache.py).
    "portal.core.cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in Chinese whatever the browser asks (issue 16).
    "portal.core.middleware.AdminInChineseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a lockout raised by the authentication backend into a page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite file by default so that a newcomer needs no server;
# PostgreSQL in production and CI through DATABASE_URL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite will not create the folder its file lives in.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Write transactions take the lock when they begin, so that web, worker
    # and beat wait for each other instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless REDIS_URL / CACHE_URL names a Redis server.
CACHE_URL = env("CACHE_URL", default="")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            # Django's, with one Redis client per process (portal/cache.py).
            "BACKEND": "portal.core.cache.PortalRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
        }
    }
elif CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
        }
    }

# Celery. With no CELERY_BROKER_URL the broker is kombu's filesystem
# transport in var/celery: worker, beat and web share it with nothing to
# install. Production sets a Redis URL.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost//")
CELERY_BROKER_FOLDER = VAR_DIR / env("CELERY_BROKER_FOLDER", default="celery")


def filesystem_broker_options(folder: Path) -> dict[str, str]:
    """Returns kombu filesystem-transport options that keep every message in
    ``folder``; producers and consumers share one queue folder."""
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
        "processed_folder": str(folder / "processed"),
    }


if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = filesystem_broker_options(CELERY_BROKER_FOLDER)
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="portal")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict = {
    # Emails the broker did not carry (it was down) leave within a minute.
    "outbox-flush": {"task": "portal.core.tasks.outbox_send", "schedule": 60.0},
    # Just after midnight, Asia/Shanghai: a deadline ends at 24:00.
    "supplements-expire": {
        "task": "applications.tasks.supplements_expire",
        "schedule": crontab(hour=0, minute=5),
    },
    # The obligations of established units: 01:00 Asia/Shanghai.
    "obligations-daily": {
        "task": "evaluations.tasks.obligations_run",
        "schedule": crontab(hour=1, minute=0),
    },
    # Issue 16: the reviewers' morning digest, 08:00 Asia/Shanghai (once a
    # day per reviewer, whatever the number of runs).
    "reviewer-digest": {
        "task": "applications.tasks.reviewer_digests_send",
        "schedule": crontab(hour=8, minute=0),
    },
    # A window ends at 24:00: closed at 00:00 and, should beat have been
    # down then, at the next quarter hour (closing twice is harmless).
    "publicity-close": {
        "task": "applications.tasks.publicity_close_due",
        "schedule": crontab(minute="0,15,30,45"),
    },
    # Issue 13: files kept for a refused public form, deleted a day later
    # (their token expires long before: portal.core.kept_files).
    "kept-files-sweep": {"task": "portal.core.tasks.kept_files_sweep", "schedule": 3600.0},
}
# --- Issue 13, task outbox and sweeps (portal.core.queue) ---------------
# Queueing gives up after one attempt of at most a second (AMQP's connect
# timeout here, Redis's in portal.celery); what the broker did not take is
# recorded and queued again by beat within a minute; the sweeps queue the
# documents that should exist and do not (older than a few minutes).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BEAT_SCHEDULE |= {
    "task-outbox-requeue": {"task": "portal.core.tasks.task_outbox_requeue", "schedule": 60.0},
    "receipts-sweep": {"task": "applications.tasks.receipts_sweep", "schedule": 600.0},
    "documents-sweep": {"task": "cms.tasks.documents_sweep", "schedule": 600.0},
}
# --- end of the task outbox block ------------------------------------------

# Email: each environment module picks a backend; EMAIL_URL configures SMTP.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="景德镇陶瓷文化生态保护实验区 <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = VAR_DIR / "mail"

# Media: local files by default; S3-compatible object storage when
# AWS_STORAGE_BUCKET_NAME is set (django-storages reads the AWS_* names).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_URL = "/static/"
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    # Uploads are private: every read goes through a signed, expiring URL.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Applicants' files: a separate location that no URL serves; S3 when the
# bucket is set (every read then needs a signed URL).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
PRIVATE_STORAGE = (
    {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"location": "private"}}
    if AWS_STORAGE_BUCKET_NAME
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    }
)
STORAGES = {
    "default": DEFAULT_STORAGE,
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files keep owner-only permissions on disk.
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Issue 13, uploads (finding 8): orphan files and upload temp files ---
# Uploads larger than FILE_UPLOAD_MAX_MEMORY_SIZE wait here while their
# request runs (Django deletes them when it ends). A killed process leaves
# them: the nightly sweep deletes those older than a day, and the files in
# private storage that no row names (portal/core/services/files.py).
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=str(VAR_DIR / "upload-tmp"))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
CELERY_BEAT_SCHEDULE["orphan-files-sweep"] = {
    "task": "portal.core.tasks.orphan_files_sweep",
    "schedule": crontab(hour=3, minute=30),
}
# --- end of issue 13, uploads ---

# Internationalisation: Simplified Chinese first, English second. Public
# URLs without a prefix are Chinese; /en/… is English.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date format per language: 2026年12月21日 and 21 December 2026
# (templates write |date:"DATE_FORMAT", never a format of their own).
FORMAT_MODULE_PATH = ["portal.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.core.passwords.CharacterKindsValidator", "OPTIONS": {"min_kinds": 3}},
]
# Applicants sign in on the portal's pages; staff on /admin/login/.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "applications:dashboard"
LOGOUT_REDIRECT_URL = "/"

# 等保 2.0 baseline: five failed sign-ins lock the account for 30 minutes;
# every sign-in, failure and sign-out is recorded (axes' access logs).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by address as well would lock out a whole county office behind one
# NAT address after five typos; accounts are locked, addresses rate-limited.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429

# Client addresses (issue 13) ------------------------------------------------
# The proxies in front of gunicorn (nginx's address, or its network): only
# they are believed about the client in X-Forwarded-For, read from the
# right (portal.core.ratelimit.client_address). Empty: REMOTE_ADDR is the
# client. A wrong entry stops the start, not the first request.
TRUSTED_PROXIES = [
    str(ipaddress.ip_network(p, strict=False)) for p in env.list("TRUSTED_PROXIES", default=[])
]
# Sign-ins are recorded (and any address rule applied) by the same address.
AXES_CLIENT_IP_CALLABLE = "portal.core.ratelimit.client_address"
# End of client addresses -----------------------------------------------------
# Audit entries younger than this are never purged (portal.purge_audit).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=183)

# Sessions end after 30 minutes without activity (等保 2.0 baseline).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Wagtail's preview views override this with SAMEORIGIN themselves.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Wagtail
WAGTAIL_SITE_NAME = "国家级景德镇陶瓷文化生态保护实验区"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "ofd", "jpg", "jpeg", "png", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Applicants' uploads: the largest file accepted, in bytes.
PORTAL_UPLOAD_MAX_BYTES = env.int("PORTAL_UPLOAD_MAX_BYTES", default=50 * 1024 * 1024)
WAGTAIL_PASSWORD_RESET_ENABLED = False
# No avatars from an outside service: no user's email hash leaves the portal.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail 8 runs search-index updates as django-tasks; one INFO line
        # per page save drowns everything else.
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Names used in user-facing text, marked for translation once here.
PORTAL_NAME = _("National Jingdezhen Ceramic Cultural Ecology Protection Experimental Zone")

# --- Two-factor sign-in for staff (portal.core.twofactor) ---
# Whoever may open the Wagtail admin confirms a one-time code (TOTP app or
# a recovery code) after the password. Required in production (on there
# unless turned off explicitly, and then production refuses to start);
# under `make run` and in tests staff may set it up from their account.
STAFF_TWO_FACTOR_REQUIRED = env.bool("STAFF_TWO_FACTOR_REQUIRED", default=False)
STAFF_TWO_FACTOR_RECOVERY_CODES = 10
# Right after django-otp's middleware, which tells whether the session is verified.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "portal.core.twofactor.middleware.StaffTwoFactorMiddleware",
)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Wrong codes: django-otp waits 1, 2, 4 … seconds before the next try, and
# each counts as a failed sign-in for axes (five lock the account).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# --- Content-Security-Policy and Permissions-Policy (issue 13, finding 11) ---
# portal/core/headers.py explains the design. The portal's own pages run
# scripts and styles from its static files only; an inline script needs
# nonce="{{ request.csp_nonce }}" (such a page is never kept in the public
# page cache).
_MEDIA_SOURCES = ["'self'", "data:"]
if AWS_STORAGE_BUCKET_NAME:
    # Public images come from the bucket (signed URLs).
    _MEDIA_SOURCES.append(AWS_S3_ENDPOINT_URL or "https://*.amazonaws.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": _MEDIA_SOURCES,
        "media-src": _MEDIA_SOURCES,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Wagtail's admin (its widgets and panels write inline scripts and styles;
# previews are framed by the admin itself) and Swagger UI: a looser policy,
# with no nonce, which would disable 'unsafe-inline'.
_ADMIN_CSP = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": [*_MEDIA_SOURCES, "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}
CONTENT_SECURITY_POLICY_PATHS = {"/admin/": _ADMIN_CSP, "/api/v1/docs": _ADMIN_CSP}
# The admin would ask releases.wagtail.org for a newer version: no request
# leaves the portal for an outside service (the policy refuses it too).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No page uses these browser features; none may (embedded frames included).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
} | {"fullscreen": ["self"]}
MIDDLEWARE.insert(
    MIDDLEWARE.index("portal.core.cache.PublicPageCacheMiddleware") + 1,
    "portal.core.headers.SecurityHeadersMiddleware",
)
