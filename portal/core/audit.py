"""Reads of the audit log (Wagtail's log entries), for the record shown on
staff screens."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from wagtail.models import ModelLogEntry


def audit_timeline(instance: models.Model):
    """Returns the logged events of ``instance``, oldest first, with who
    did each."""
    return (
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)),
            object_id=str(instance.pk),
        )
        .select_related("user")
        .order_by("timestamp", "pk")
    )
