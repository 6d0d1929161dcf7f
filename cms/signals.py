"""Signal handlers of the public site, connected in CmsConfig.ready."""

from django.db import transaction
from wagtail.signals import page_published


def _queue_measure_pdf(sender, instance, **kwargs) -> None:
    from .tasks import measure_pdf_render

    # After commit: the worker must see the published revision.
    transaction.on_commit(lambda: measure_pdf_render.delay(instance.pk))


def connect() -> None:
    from .models import MeasurePage

    page_published.connect(_queue_measure_pdf, sender=MeasurePage, dispatch_uid="measure-pdf")
