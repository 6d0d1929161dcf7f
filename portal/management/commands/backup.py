"""``manage.py backup DIR``: the database, the public and the private files,
with a manifest of checksums (portal.core.backup)."""

import contextlib
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.core.backup import BackupFailed, backup_create
from portal.core.errors import Refused

# Exit codes: 2 refused (nothing changed), 1 failed part-way.
REFUSED = 2
FAILED = 1


@contextlib.contextmanager
def exit_codes(*, refused: str, failed: str):
    """Turns a refusal into exit code 2 and a failure into exit code 1, each
    with its message (``refused`` % reasons, ``failed`` % error)."""
    try:
        yield
    except Refused as exc:
        raise CommandError(
            refused % {"reasons": "\n".join(exc.problems)}, returncode=REFUSED
        ) from exc
    except (BackupFailed, OSError) as exc:
        raise CommandError(failed % {"error": exc}, returncode=FAILED) from exc


class Command(BaseCommand):
    help = _(
        "Writes a backup into a new folder: a consistent dump of the database, then the public "
        "and private files, and manifest.json with every file's SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help=_("a new or empty folder"))

    def handle(self, *args, directory: Path, **options):
        with exit_codes(
            refused=_("Backup refused: %(reasons)s"),
            failed=_("Backup failed and was removed: %(error)s"),
        ):
            summary = backup_create(directory=directory)
        self.stdout.write(
            _(
                "Backup written to %(directory)s: the %(engine)s database, %(media)d public and "
                "%(private)d private files, %(megabytes).1f MB."
            )
            % {
                "directory": summary.directory,
                "engine": summary.engine,
                "media": summary.files["media"],
                "private": summary.files["private"],
                "megabytes": sum(summary.sizes.values()) / 1024 / 1024,
            }
        )
