"""Reads of the audit log (Wagtail's log entries), for the record shown on
staff screens."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.functional import LazyObject, empty
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


def audit_subject(instance: models.Model) -> models.Model:
    """Returns ``instance`` itself when it is a lazy object such as
    ``request.user``: django-otp's middleware wraps Django's lazy user in a
    second one, and Wagtail's ``log()`` unwraps only one level (and then
    silently logs nothing)."""
    while isinstance(instance, LazyObject):
        if instance._wrapped is empty:
            instance._setup()
        instance = instance._wrapped
    return instance
