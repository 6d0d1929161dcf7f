"""Backups that restore: ``manage.py backup DIR`` and ``manage.py restore DIR``.

A backup folder holds the database dump, the public media (``media/``),
the private files (``private/``) and ``manifest.json``: every file's
SHA-256 and size, the database engine and server version, the applied
migrations, the time and the portal's git commit. The manifest is written
last, so an interrupted backup has none and is never restored.

Consistency: the dump is one snapshot; the files are copied after it, so
every file a row of the dump names is in the backup (a file is written
before its row commits). A file uploaded while the files are copied may
be in the backup without its row: an orphan, harmless, swept like any
other. Only local folders are backed up: with object storage (S3) the
bucket's versioning and replication are the files' backup.
"""

from .database import BackupFailed
from .services import BackupSummary, backup_create, backup_restore, backup_verify

__all__ = ["BackupFailed", "BackupSummary", "backup_create", "backup_restore", "backup_verify"]
