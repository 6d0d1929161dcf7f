"""Files kept for a public form that was refused, so that the sender need
not choose them again.

They live in private storage under ``kept/<purpose>/<id>/``, named by a
signed token that expires KEPT_SECONDS after the first file was kept
(keeping more files later does not make it younger), and never more of
them than the form itself accepts (``KeptLimits``). Nothing reads a set
whose token has expired; ``kept_files_sweep`` (Celery beat, hourly)
deletes every kept file older than SWEEP_SECONDS, so that anyone posting
refused forms cannot fill the disk (issue 13, finding 4)."""

import contextlib
import datetime
import logging
import os
import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.core import signing
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.utils import timezone

from .uploads import sanitise_filename

KEPT_ROOT = "kept"
KEPT_SALT = "portal.kept_files"
# As long as the form that carries the token may itself be posted
# (spamguard.MAX_SECONDS): a kept file is never attached after that.
KEPT_SECONDS = 6 * 3600
# Files older than this are deleted whatever their token: a day, far past
# any token, so the sweep never takes a file a form may still attach.
SWEEP_SECONDS = 24 * 3600
# Where the objection form kept files before issue 13; swept as well.
LEGACY_ROOTS = ("objections/pending",)
_ID = re.compile(r"[0-9a-f]{24}")

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeptLimits:
    """What a form accepts, and so at most what is kept for it."""

    files: int
    bytes_each: int
    bytes_total: int


def _storage() -> Storage:
    return storages["private"]


def _salt(purpose: str) -> str:
    return f"{KEPT_SALT}:{purpose}"


def _payload(signed: str, purpose: str) -> dict | None:
    """The id and first-kept time of a valid, unexpired token, else None."""
    if not signed:
        return None
    try:
        payload = signing.loads(signed, salt=_salt(purpose))
        kept_at = float(payload["at"])
        kept_id = str(payload["id"])
    except (signing.BadSignature, ValueError, TypeError, KeyError):
        return None
    if not _ID.fullmatch(kept_id) or not 0 <= time.time() - kept_at <= KEPT_SECONDS:
        return None
    return {"id": kept_id, "at": kept_at}


def _folder(purpose: str, payload: dict) -> str:
    return f"{KEPT_ROOT}/{purpose}/{payload['id']}"


def _stored(folder: str) -> list[str]:
    try:
        _dirs, names = _storage().listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in sorted(names)]


def _original_name(path: str) -> str:
    return path.rsplit("/", 1)[1].split("-", 1)[1]


def kept_files_keep(*, purpose: str, uploads, signed: str = "", limits: KeptLimits) -> str:
    """Keeps ``uploads`` (already judged acceptable by the form's rules)
    after the files still kept under ``signed``, as many as ``limits``
    allow, in order; uploads beyond them are not kept. Returns the signed
    token naming the kept files, or "" when none are kept.

    An expired or forged ``signed`` starts a new set: its files are never
    read again, and the sweep deletes them."""
    payload = _payload(signed, purpose) or {"id": secrets.token_hex(12), "at": time.time()}
    storage = _storage()
    folder = _folder(purpose, payload)
    kept = _stored(folder)
    count, total = len(kept), sum(storage.size(path) for path in kept)
    for upload in uploads:
        size = upload.size
        if count >= limits.files or size > limits.bytes_each or total + size > limits.bytes_total:
            continue
        # The position first, so that listing the folder (sorted) gives the
        # files back in the order they were chosen; the random part keeps
        # two files of one name apart.
        name = f"{count:02d}{secrets.token_hex(4)}-{sanitise_filename(upload.name)}"
        upload.seek(0)
        storage.save(f"{folder}/{name}", upload)
        count, total = count + 1, total + size
    return signing.dumps(payload, salt=_salt(purpose)) if count else ""


def kept_files_names(*, purpose: str, signed: str) -> list[str]:
    """The original names of the files kept under a valid, unexpired
    ``signed`` token (none otherwise)."""
    payload = _payload(signed, purpose)
    return [_original_name(p) for p in _stored(_folder(purpose, payload))] if payload else []


@contextlib.contextmanager
def kept_files_open(*, purpose: str, signed: str) -> Iterator[list[File]]:
    """Yields the files kept under a valid, unexpired ``signed`` token, open
    for reading under their original names (none otherwise), and closes
    them afterwards."""
    payload = _payload(signed, purpose)
    storage = _storage()
    files = [
        File(storage.open(path, "rb"), name=_original_name(path))
        for path in (_stored(_folder(purpose, payload)) if payload else [])
    ]
    try:
        yield files
    finally:
        for handle in files:
            handle.close()


def kept_files_clear(*, purpose: str, signed: str) -> None:
    """Deletes the files kept under ``signed`` (once they are attached)."""
    payload = _payload(signed, purpose)
    if payload:
        for path in _stored(_folder(purpose, payload)):
            _storage().delete(path)


def _sweep_folder(storage: Storage, folder: str, cutoff: datetime.datetime) -> int:
    try:
        dirs, names = storage.listdir(folder)
    except FileNotFoundError:
        return 0
    deleted = sum(_sweep_folder(storage, f"{folder}/{d}", cutoff) for d in dirs)
    for name in names:
        path = f"{folder}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)
            deleted += 1
    if folder not in (KEPT_ROOT, *LEGACY_ROOTS):
        with contextlib.suppress(NotImplementedError, OSError):
            # An emptied folder on disk goes too (object storage has none);
            # rmdir leaves a folder that still holds something.
            os.rmdir(storage.path(folder))
    return deleted


def kept_files_sweep(*, now: datetime.datetime | None = None) -> int:
    """Deletes every kept file older than SWEEP_SECONDS at ``now`` and the
    folders left empty; returns how many files it deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(seconds=SWEEP_SECONDS)
    storage = _storage()
    deleted = sum(_sweep_folder(storage, root, cutoff) for root in (KEPT_ROOT, *LEGACY_ROOTS))
    if deleted:
        logger.info("kept files: %d older than a day deleted", deleted)
    return deleted
