"""Files written together with the rows that name them.

A FileField stores its file when it is assigned, before the row is saved:
if the row's insert or anything later in the transaction fails, the
transaction rolls back and the file stays in storage with no row naming
it. Django has no on_rollback hook, so a service that stores uploads runs
under ``atomic_with_files()`` instead of ``transaction.atomic`` and stores
each file with ``stored_file_save``: when the block rolls back, the files
stored in it are deleted.

What this cannot see (a process killed mid-request, an enclosing plain
``transaction.atomic`` that rolls back after the block succeeded) is left
for the daily sweep of orphan files (services/files.py)."""

import logging
import secrets
import threading
from contextlib import contextmanager

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.fields.files import FieldFile

from .uploads import sanitise_filename

logger = logging.getLogger(__name__)

# Per thread (a transaction is per thread): for each open
# atomic_with_files block, innermost last, the (storage, name) pairs stored
# in it.
_blocks = threading.local()


def _stack() -> list[list]:
    if not hasattr(_blocks, "stack"):
        _blocks.stack = []
    return _blocks.stack


def _delete(stored: list) -> None:
    """Deletes the files of a rolled-back block; one that cannot be deleted
    is logged and left for the sweep (the rollback's own error matters
    more)."""
    for storage, name in stored:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete %s after a rollback; the sweep will.", name)


@contextmanager
def atomic_with_files(using: str | None = None):
    """``transaction.atomic`` (usable as a decorator: ``@atomic_with_files()``)
    that also deletes the files stored in it by ``stored_file_save`` when
    it rolls back, whether by an exception raised in it or a failed
    commit."""
    stack = _stack()
    stored: list = []
    stack.append(stored)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        stack.pop()
        _delete(stored)
        raise
    stack.pop()
    if stack:
        # Committed only as a savepoint: the enclosing block's rollback
        # must delete these files too.
        stack[-1].extend(stored)


def file_store(field_file: FieldFile, upload: UploadedFile) -> str:
    """Stores ``upload`` in ``field_file`` under a name no one can guess
    (a random prefix before its cleaned original name) and returns the
    cleaned original name, to show and to serve it by. Only inside
    atomic_with_files(), as stored_file_save."""
    name = sanitise_filename(upload.name)
    stored_file_save(field_file, f"{secrets.token_hex(8)}-{name}", upload)
    return name


def stored_file_save(field_file: FieldFile, name: str, content) -> str:
    """Stores ``content`` in ``field_file`` under ``name`` (without saving
    the row) and returns the name the storage chose; the file is deleted
    if the enclosing ``atomic_with_files`` block rolls back.

    Raises RuntimeError outside such a block, and stores nothing: a file
    stored there would outlive a rollback."""
    stack = _stack()
    if not stack:
        raise RuntimeError("stored_file_save() needs an enclosing atomic_with_files() block")
    field_file.save(name, content, save=False)
    stack[-1].append((field_file.storage, field_file.name))
    return field_file.name
