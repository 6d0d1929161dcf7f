"""Settings package: ``base`` holds what every environment shares and reads the
environment; ``dev``, ``test`` and ``production`` adjust it. ``manage.py``
defaults to ``dev``; gunicorn and Celery in production set
``DJANGO_SETTINGS_MODULE=portal.settings.production``."""
