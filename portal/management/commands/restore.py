"""``manage.py restore DIR``: a backup of ``manage.py backup`` into an empty
database and empty storage folders (portal.core.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.core.backup import backup_restore, backup_verify

from .backup import exit_codes


class Command(BaseCommand):
    help = _(
        "Restores a backup into an empty database and empty storage folders, after checking "
        "every file's checksum. Refuses a damaged backup or a target that is not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help=_("a folder written by manage.py backup"))
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help=_("only check the backup's files against its manifest"),
        )

    def handle(self, *args, directory: Path, verify_only: bool, **options):
        with exit_codes(
            refused=_("Restore refused, nothing was changed: %(reasons)s"),
            failed=_("Restore failed: %(error)s"),
        ):
            if verify_only:
                manifest = backup_verify(directory=directory)
            else:
                summary = backup_restore(directory=directory)
        if verify_only:
            self.stdout.write(
                _("The backup is complete: %(count)d files match the manifest.")
                % {"count": len(manifest["files"])}
            )
            return
        self.stdout.write(
            _(
                "Restored from %(directory)s: the %(engine)s database, %(media)d public and "
                "%(private)d private files, every checksum verified."
            )
            % {
                "directory": summary.directory,
                "engine": summary.engine,
                "media": summary.files["media"],
                "private": summary.files["private"],
            }
        )
        if summary.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The backup is older than this code: %(count)d migrations are not "
                        "applied. Run manage.py migrate now."
                    )
                    % {"count": summary.pending_migrations}
                )
            )
