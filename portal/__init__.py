"""The Django project package: settings, URLs, the Celery app, WSGI/ASGI,
and the cross-cutting pieces (health checks, PDF rendering, demo data)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
