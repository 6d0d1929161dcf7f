"""Where private files live."""

from django.core.files.storage import storages


def private_storage():
    """Returns the storage of private files (applicants' uploads, scans,
    certificates, reports): never under MEDIA_URL, served only by views
    that check permission and log the download."""
    return storages["private"]
