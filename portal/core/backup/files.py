"""The files of a backup: checksums, copies that are hashed as they are
written, and the manifest that lists them."""

import hashlib
import json
import os
import shutil
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from portal.core.errors import Refused

MANIFEST = "manifest.json"
# Version of the manifest's layout; restore refuses one it does not know.
MANIFEST_FORMAT = 1
CHUNK = 1024 * 1024


def file_sha256(path: Path) -> str:
    """Returns the SHA-256 of the file at ``path``, in hex."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def file_copy(*, source: Path, target: Path) -> tuple[str, int]:
    """Copies ``source`` to ``target`` (its folders made as needed, its mode
    and times kept) and returns the SHA-256 and size of what was written:
    the bytes are hashed as they are copied, so the checksum is that of the
    copy even if the source changes meanwhile."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reading, target.open("xb") as writing:
        while chunk := reading.read(CHUNK):
            digest.update(chunk)
            writing.write(chunk)
            size += len(chunk)
    shutil.copystat(source, target)
    return digest.hexdigest(), size


def tree_files(root: Path, *, exclude: tuple[Path, ...] = ()) -> list[str]:
    """Returns the paths, relative to ``root`` and with "/" separators, of
    every regular file under ``root`` (none if it does not exist), sorted,
    leaving out the folders ``exclude`` (a storage nested in another) and
    symbolic links, which no storage writes."""
    if not root.is_dir():
        return []
    excluded = {folder.resolve() for folder in exclude}
    found = []
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = [s for s in subfolders if (here / s).resolve() not in excluded]
        found += [
            (here / name).relative_to(root).as_posix()
            for name in names
            if (here / name).is_file() and not (here / name).is_symlink()
        ]
    return sorted(found)


def manifest_write(directory: Path, manifest: dict) -> None:
    """Writes the manifest last and at once (a temporary file renamed), so
    that a backup interrupted part-way has none and is never restored."""
    partial = directory / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(directory / MANIFEST)


def manifest_read(directory: Path) -> dict:
    """Returns the manifest of the backup in ``directory``. Raises Refused
    if there is none or it cannot be read."""
    path = directory / MANIFEST
    if not path.is_file():
        raise Refused(
            [
                _(
                    "%(directory)s is not a complete backup: it has no manifest.json (the "
                    "backup was interrupted, or this is not a backup folder)."
                )
                % {"directory": directory}
            ]
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        fmt = manifest["format"]
        # What restore reads of the database's description.
        missing = {"engine", "file", "server_version", "migrations"} - set(manifest["database"])
        if missing:
            raise KeyError(", ".join(sorted(missing)))
    except (ValueError, KeyError, TypeError) as exc:
        raise Refused(
            [_("The manifest of the backup cannot be read: %(error)s") % {"error": exc}]
        ) from exc
    if fmt != MANIFEST_FORMAT or not isinstance(files, list):
        raise Refused(
            [_("The manifest's format %(format)s is not one this portal reads.") % {"format": fmt}]
        )
    return manifest


def manifest_check(directory: Path, manifest: dict) -> list[str]:
    """Returns the problems found by checking every file the manifest lists
    against its size and SHA-256, and every file in ``directory`` against the
    manifest: a changed, missing or unlisted file. No problems means the
    backup is exactly what was written."""
    problems = []
    listed = set()
    for entry in manifest["files"]:
        relative = PurePosixPath(str(entry.get("path", "")))
        if relative.is_absolute() or ".." in relative.parts or not relative.parts:
            problems.append(
                _("The manifest names a path outside the backup: %(path)s") % {"path": relative}
            )
            continue
        listed.add(relative.as_posix())
        path = directory / relative
        if not path.is_file():
            problems.append(_("Missing file: %(path)s") % {"path": relative})
        elif path.stat().st_size != entry.get("size") or file_sha256(path) != entry.get("sha256"):
            problems.append(
                _("Changed file (its size or checksum differs from the manifest): %(path)s")
                % {"path": relative}
            )
    for relative in tree_files(directory):
        if relative not in listed and relative != MANIFEST:
            problems.append(_("File not in the manifest: %(path)s") % {"path": relative})
    return problems
