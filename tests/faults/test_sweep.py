"""Finding 3: work that should exist and does not (its task was lost) is
found by the sweeps and queued, once it is older than a few minutes (not
racing the normal path), and sweeping again does no more."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications.models import Application
from applications.services.sweeps import receipts_sweep
from applications.workflow import State
from cms.models import MeasurePdf
from cms.services.sweeps import documents_sweep
from evaluations.models import ProtectedUnit
from evaluations.services.designation import approval_record
from portal.core.models import QueuedTask
from portal.core.queue import SWEEP_AFTER
from tests.factories import ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LATER = SWEEP_AFTER + datetime.timedelta(minutes=1)


def submitted(number, **fields):
    return ApplicationFactory(
        submitted=True, organisation=OrganisationFactory(), number=number, **fields
    )


def test_a_submitted_application_without_its_receipt_gets_it_once():
    lost = submitted(1)  # submitted on 2025-09-01, its task lost
    just_now = submitted(2, submitted_at=timezone.now())  # its task may be running
    draft = ApplicationFactory(organisation=lost.organisation, status=State.DRAFT)

    assert receipts_sweep() == [lost.pk]
    assert Application.objects.get(pk=lost.pk).receipt_pdf
    assert not Application.objects.get(pk=just_now.pk).receipt_pdf
    assert not Application.objects.get(pk=draft.pk).receipt_pdf

    # Again: nothing is missing any more, one receipt and one entry each.
    assert receipts_sweep() == []
    assert ModelLogEntry.objects.filter(action="portal.application.receipt").count() == 1
    # Later the recent one is due too.
    assert receipts_sweep(now=timezone.now() + LATER) == [just_now.pk]


def test_a_receipt_waiting_in_the_task_outbox_is_not_recorded_twice(broker):
    lost = submitted(1)
    broker.down()
    assert receipts_sweep() == [lost.pk]
    assert receipts_sweep() == []
    assert QueuedTask.objects.filter(name="applications.tasks.receipt_render").count() == 1


def test_documents_without_their_pdfs_are_rendered(publicise, measure_2020):
    """Here no commit runs its callbacks: every task the steps queue is lost."""
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(datetime.date(2025, 9, 22))
    with time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False):
        approval_record(
            candidate_list=candidates,
            user=reviewer,
            document_number="景府字〔2025〕120号",
            approved_on=datetime.date(2025, 11, 3),
            scan=SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%approval scan\n"),
            applications=list(candidates.applications.all()),
        )
    units = list(ProtectedUnit.objects.order_by("pk").values_list("pk", flat=True))
    assert len(units) == 2
    assert not candidates.notice_pdf and not MeasurePdf.objects.exists()

    # The measures were published a moment ago: their task may be running.
    assert documents_sweep() == {
        "cms.tasks.publicity_notice_render": [candidates.pk],
        "cms.tasks.unit_certificate_render": units,
    }
    candidates.refresh_from_db()
    assert candidates.notice_pdf
    assert all(ProtectedUnit.objects.values_list("certificate_pdf", flat=True))

    later = timezone.now() + LATER
    assert documents_sweep(now=later) == {"cms.tasks.measure_pdf_render": [measure_2020.pk]}
    pdf = MeasurePdf.objects.get(page=measure_2020)
    assert pdf.file and pdf.revision_id == measure_2020.live_revision_id
    assert documents_sweep(now=later) == {}
