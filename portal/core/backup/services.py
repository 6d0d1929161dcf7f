"""Making, checking and restoring a backup (see the package's docstring)."""

import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.errors import Refused

from .database import (
    BackupFailed,
    database_describe,
    database_dump,
    database_engine,
    database_problems,
    database_restore,
    database_tools_check,
    pending_migrations,
)
from .files import (
    MANIFEST_FORMAT,
    file_copy,
    file_sha256,
    manifest_check,
    manifest_read,
    manifest_write,
    tree_files,
)

logger = logging.getLogger(__name__)

# The storages backed up, by the folder of the backup they go to.
AREAS = {"media": "default", "private": "private"}
AREA_NAMES = {"media": gettext_lazy("public files"), "private": gettext_lazy("private files")}


@dataclass
class BackupSummary:
    directory: Path
    engine: str
    # Files and bytes of each area ("database", "media", "private").
    files: dict[str, int] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)
    # Migrations the code has that the restored database has not had.
    pending_migrations: int = 0


def backup_create(*, directory: Path, database: str = "default") -> BackupSummary:
    """Writes a backup into ``directory`` (made if missing): the database's
    dump first, then every file of the public and private storages, then
    the manifest. Raises Refused, and changes nothing, if the storages are
    not local folders, the database tools are missing or ``directory`` is
    not empty or lies inside a storage; raises BackupFailed if pg_dump
    fails, OSError if a copy does, and then removes what it wrote."""
    connection = connections[database]
    engine = database_engine(connection)
    database_tools_check(engine, "pg_dump")
    roots = storage_roots()
    directory = directory.resolve()
    problems = []
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        problems.append(
            _("%(directory)s is not empty: a backup goes into a new folder.")
            % {"directory": directory}
        )
    for root in roots.values():
        if directory.is_relative_to(root):
            problems.append(
                _("%(directory)s is inside the storage folder %(root)s.")
                % {"directory": directory, "root": root}
            )
    if problems:
        raise Refused(problems)

    directory.mkdir(parents=True, exist_ok=True)
    # The backup holds applicants' private files and every account: only
    # its owner (the portal's system user) may read it.
    directory.chmod(0o700)
    try:
        manifest = _backup_write(directory=directory, connection=connection, roots=roots)
    except BaseException:
        # A backup without its manifest is no backup: leave no half of one.
        for child in directory.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        raise
    summary = _summary(directory, manifest)
    logger.info("backup written to %s: %s files", directory, summary.files)
    return summary


def backup_verify(*, directory: Path) -> dict:
    """Returns the manifest of the backup in ``directory`` after checking
    every file against it. Raises Refused, naming each changed, missing or
    unlisted file, if the backup is not exactly what was written."""
    directory = directory.resolve()
    manifest = manifest_read(directory)
    problems = manifest_check(directory, manifest)
    dumps = [entry["path"] for entry in manifest["files"] if entry.get("area") == "database"]
    if dumps != [manifest.get("database", {}).get("file")]:
        problems.append(_("The manifest does not name the database's dump."))
    for entry in manifest["files"]:
        area = entry.get("area")
        if area not in {"database", *AREAS} or (
            area in AREAS and not str(entry["path"]).startswith(f"{area}/")
        ):
            problems.append(
                _("The manifest names a file of no known kind: %(path)s") % {"path": entry["path"]}
            )
    if problems:
        raise Refused([_("The backup is damaged or incomplete; nothing was restored."), *problems])
    return manifest


def backup_restore(*, directory: Path, database: str = "default") -> BackupSummary:
    """Restores the backup in ``directory`` into an empty database and empty
    storages: checks every file's checksum, then the target, then restores
    the dump and copies the files back, checking each copy's checksum.
    Raises Refused, and changes nothing, if the backup is damaged or
    incomplete, or the database or a storage folder is not empty (or not
    a local folder). Raises BackupFailed if the restore itself fails; the
    database is then as it was (pg_restore runs in one transaction), and
    the message says so if files had been copied."""
    directory = directory.resolve()
    manifest = backup_verify(directory=directory)
    connection = connections[database]
    database_tools_check(database_engine(connection), "pg_restore")
    roots = storage_roots()
    problems = database_problems(connection=connection, manifest=manifest)
    for area, root in roots.items():
        found = tree_files(root)
        if found:
            problems.append(
                _(
                    "The folder of the %(area)s, %(root)s, is not empty: %(count)d files, "
                    "e.g. %(example)s."
                )
                % {"area": AREA_NAMES[area], "root": root, "count": len(found), "example": found[0]}
            )
    if problems:
        raise Refused(problems)

    database_restore(connection=connection, source=directory / manifest["database"]["file"])
    failed = []
    for entry in manifest["files"]:
        if entry["area"] in AREAS:
            target = roots[entry["area"]] / Path(entry["path"]).relative_to(entry["area"])
            try:
                file_copy(source=directory / entry["path"], target=target)
                # Read back from the disk: the copy is checked, not the bytes sent.
                if file_sha256(target) != entry["sha256"]:
                    failed.append(str(target))
            except OSError as exc:
                failed.append(f"{target} ({exc})")
    if failed:
        raise BackupFailed(
            _(
                "The database was restored, but these files were not copied back as they are "
                "in the backup: %(files)s"
            )
            % {"files": ", ".join(failed)}
        )
    summary = _summary(directory, manifest)
    summary.pending_migrations = pending_migrations(connection=connection)
    logger.info("backup %s restored: %s files", directory, summary.files)
    return summary


def storage_roots() -> dict[str, Path]:
    """Returns the folder of each backed-up storage. Raises Refused if a
    storage is not a local folder (object storage is backed up by its own
    versioning and replication)."""
    roots = {}
    for area, alias in AREAS.items():
        storage = storages[alias]
        if not isinstance(storage, FileSystemStorage):
            raise Refused(
                [
                    _(
                        "The %(area)s are kept in %(backend)s, not in a local folder: back "
                        "them up with the bucket's versioning and replication (README, Backups). "
                        "This command backs up only local folders."
                    )
                    % {"area": AREA_NAMES[area], "backend": type(storage).__name__}
                ]
            )
        roots[area] = Path(storage.location).resolve()
    return roots


def _backup_write(*, directory: Path, connection, roots: dict[str, Path]) -> dict:
    """Writes the dump, then the files, then the manifest; returns the
    manifest."""
    described = database_describe(connection)
    dump = directory / described["file"]
    database_dump(connection=connection, target=dump)
    entries = [
        {
            "area": "database",
            "path": dump.name,
            "sha256": file_sha256(dump),
            "size": dump.stat().st_size,
        }
    ]
    for area, root in roots.items():
        # A storage nested in the other (the tests' private folder is in
        # MEDIA_ROOT) is backed up once, as its own area.
        others = tuple(other for other in roots.values() if other != root)
        for relative in tree_files(root, exclude=others):
            try:
                sha256, size = file_copy(source=root / relative, target=directory / area / relative)
            except FileNotFoundError:
                # Deleted since the folder was listed; after the dump, so
                # its row is gone from the database too or was never there.
                continue
            entries.append(
                {"area": area, "path": f"{area}/{relative}", "sha256": sha256, "size": size}
            )
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": timezone.now().isoformat(),
        "git_commit": _git_commit(),
        "database": described,
        "storages": {area: str(root) for area, root in roots.items()},
        "files": entries,
    }
    manifest_write(directory, manifest)
    return manifest


def _summary(directory: Path, manifest: dict) -> BackupSummary:
    summary = BackupSummary(directory=directory, engine=manifest["database"]["engine"])
    for area in ("database", *AREAS):
        entries = [entry for entry in manifest["files"] if entry["area"] == area]
        summary.files[area] = len(entries)
        summary.sizes[area] = sum(entry["size"] for entry in entries)
    return summary


def _git_commit() -> str | None:
    """Returns the portal's git commit, or None where there is no git
    checkout (an installed release)."""
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None
