#!/usr/bin/env python
"""Django's command-line utility for the portal."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        sys.exit(f"配置错误 / configuration error: {exc}")
    except OperationalError as exc:
        # One clear line rather than a traceback when the database is down.
        sys.exit(f"数据库不可用 / database unavailable: {exc}".strip())


if __name__ == "__main__":
    main()
