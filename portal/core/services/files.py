"""Sweeps of files that nothing names any more: files in private storage
that no row refers to (a crash between storing a file and committing its
row), and upload temp files a killed process left behind."""

import datetime
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from ..storage import private_storage

logger = logging.getLogger(__name__)

# A file stored by a request is named by its row when the request's
# transaction commits, within seconds; a day leaves no doubt.
ORPHAN_AGE = datetime.timedelta(days=1)
# Names asked of the database at a time.
_CHUNK = 500


@dataclass
class SweepResult:
    deleted: list[str] = field(default_factory=list)
    kept: int = 0


def _private_file_fields() -> list[tuple[type[models.Model], str]]:
    """Returns (model, field name) of every FileField of every installed
    model that stores in private storage. Found at run time: the core knows
    no domain app."""
    storage = private_storage()
    found = []
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            # A field given the storage as a callable keeps it; a test that
            # overrides STORAGES makes storages["private"] a new object.
            callable_ = getattr(model_field, "_storage_callable", None)
            if model_field.storage is storage or callable_ is private_storage:
                found.append((model, model_field.name))
    return found


def _walk(storage, folder: str = ""):
    """Yields the path of every file under ``folder`` of ``storage``."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for name in folders:
        yield from _walk(storage, f"{folder}/{name}" if folder else name)


def _referenced(names: list[str]) -> set[str]:
    """Returns which of ``names`` a row of any model refers to."""
    referenced: set[str] = set()
    fields = _private_file_fields()
    for start in range(0, len(names), _CHUNK):
        chunk = names[start : start + _CHUNK]
        for model, name in fields:
            referenced.update(
                model._default_manager.filter(**{f"{name}__in": chunk}).values_list(name, flat=True)
            )
    return referenced


def orphan_files_sweep(*, now: datetime.datetime | None = None) -> SweepResult:
    """Deletes, and logs, every file in private storage older than
    ORPHAN_AGE that no FileField of any model refers to. A file a row
    refers to, or a younger one (its row may not be committed yet), is
    never deleted."""
    now = now or timezone.now()
    storage = private_storage()
    result = SweepResult()
    try:
        paths = list(_walk(storage))
    except FileNotFoundError:
        return result  # nothing stored yet
    old = [path for path in paths if storage.get_modified_time(path) < now - ORPHAN_AGE]
    # Asked after listing: a row committed since still protects its file.
    referenced = _referenced(old)
    for path in old:
        if path in referenced:
            continue
        size = storage.size(path)
        storage.delete(path)
        logger.warning(
            "Deleted orphan private file %s (%d bytes): no row refers to it.", path, size
        )
        result.deleted.append(path)
    result.kept = len(paths) - len(result.deleted)
    return result


def upload_temp_files_sweep(*, now: datetime.datetime | None = None) -> list[str]:
    """Deletes, and logs, the files in FILE_UPLOAD_TEMP_DIR older than
    ORPHAN_AGE: Django deletes an upload's temp file when its request
    ends, so an old one was left by a process that was killed."""
    folder = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None)
    if not folder:
        return []  # the system's temp folder is the system's to clean
    limit = (now or timezone.now()) - ORPHAN_AGE
    deleted = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return deleted
    for entry in entries:
        modified = datetime.datetime.fromtimestamp(entry.stat().st_mtime, tz=datetime.UTC)
        if entry.is_file(follow_symlinks=False) and modified < limit:
            Path(entry.path).unlink(missing_ok=True)
            logger.warning(
                "Deleted upload temp file %s left by an interrupted request.", entry.path
            )
            deleted.append(entry.path)
    return deleted
