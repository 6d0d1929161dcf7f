"""Finding 8 of issue 13: a crash during an upload left the file in private
storage with no row, and upload temp files stayed.

The crash is a real database fault: a trigger that refuses the row's
insert (or a later insert of the same transaction). Afterwards no new file
is in storage. The nightly sweep deletes orphan files older than a day and
keeps the files rows refer to and young ones."""

import datetime
import os
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection

from applications.models import Material
from applications.roles import Role
from applications.services.drafts import material_add
from applications.services.objections import objection_submit
from evaluations.models import Approval, ProtectedUnit
from evaluations.services.designation import approval_record
from portal.core.services.files import orphan_files_sweep, upload_temp_files_sweep
from portal.core.storage import private_storage
from portal.core.tasks import orphan_files_sweep as orphan_files_sweep_task
from tests.factories import ApplicationFactory, MaterialFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n%scan\n"
TWO_DAYS = 2 * 24 * 3600


def stored_files() -> set[str]:
    """Every file now in private storage (the test storage is on disk)."""
    root = Path(private_storage().location)
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def refuse_inserts(table: str) -> None:
    """Makes the database refuse every insert into ``table`` until the
    test's transaction rolls back (a disk full, a constraint, a crash)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION portal_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'injected fault'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER portal_test_refuse BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION portal_test_refuse()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER portal_test_refuse BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'injected fault'); END"
            )


def age(path: str, seconds: int) -> None:
    """Makes the stored file ``path`` look ``seconds`` old."""
    full = private_storage().path(path)
    then = time.time() - seconds
    os.utime(full, (then, then))


def test_a_material_whose_row_cannot_be_written_leaves_no_file():
    user = UserFactory(roles=[Role.APPLICANT])
    application = ApplicationFactory(created_by=user)
    application.organisation.members.add(user)
    before = stored_files()
    refuse_inserts(Material._meta.db_table)
    with pytest.raises(DatabaseError):
        material_add(
            application=application,
            user=user,
            slot="licence",
            upload=SimpleUploadedFile("营业执照.pdf", PDF),
        )
    assert stored_files() == before


@pytest.fixture
def on_the_list(publicise):
    """A candidate list published on 2025-09-22 (window to 2025-10-23), its
    reviewer and its first candidate."""
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(datetime.date(2025, 9, 22))
    return candidates, reviewer, candidates.applications.order_by("receipt_number").first()


def test_an_objection_attachment_whose_row_cannot_be_written_leaves_no_file(on_the_list):
    candidates, _reviewer, application = on_the_list
    before = stored_files()
    refuse_inserts("applications_objectionattachment")
    with pytest.raises(DatabaseError):
        objection_submit(
            candidate_list=candidates,
            application_id=application.pk,
            name="赵六",
            phone="13900000000",
            email="",
            grounds="材料中的场地面积与实际不符。",
            uploads=[SimpleUploadedFile("证据.pdf", PDF)],
            now=datetime.datetime(2025, 9, 23, 10, tzinfo=SHANGHAI),
        )
    assert stored_files() == before


def test_an_approval_that_fails_after_its_scan_was_stored_leaves_no_scan(on_the_list):
    """The scan's row is written; the units' inserts after it fail."""
    candidates, reviewer, first = on_the_list
    before = stored_files()
    refuse_inserts(ProtectedUnit._meta.db_table)
    with (
        time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False),
        pytest.raises(DatabaseError),
    ):
        approval_record(
            candidate_list=candidates,
            user=reviewer,
            document_number="景府字〔2025〕120号",
            approved_on=datetime.date(2025, 11, 3),
            scan=SimpleUploadedFile("批复.pdf", PDF),
            applications=[first],
        )
    assert not Approval.objects.exists()
    assert stored_files() == before


def test_the_sweep_deletes_old_orphans_and_keeps_referenced_and_young_files():
    storage = private_storage()
    referenced = MaterialFactory().file.name
    old_orphan = storage.save("materials/crashed/old-orphan.pdf", ContentFile(PDF))
    young_orphan = storage.save("materials/crashed/young-orphan.pdf", ContentFile(PDF))
    age(referenced, TWO_DAYS)
    age(old_orphan, TWO_DAYS)
    age(young_orphan, 3600)

    result = orphan_files_sweep()

    assert old_orphan in result.deleted
    assert not storage.exists(old_orphan)
    assert storage.exists(referenced)
    assert storage.exists(young_orphan)
    assert referenced not in result.deleted and young_orphan not in result.deleted


def test_the_nightly_task_sweeps_upload_temp_files_a_killed_process_left():
    folder = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert folder.is_relative_to(settings.VAR_DIR)  # not the system's /tmp
    old = folder / "left-by-a-killed-worker.upload"
    young = folder / "an-upload-in-progress.upload"
    old.write_bytes(PDF)
    young.write_bytes(PDF)
    then = time.time() - TWO_DAYS
    os.utime(old, (then, then))
    try:
        assert upload_temp_files_sweep() == [str(old)]
        assert not old.exists() and young.exists()
        # The beat entry runs the task that runs both sweeps.
        entry = next(
            e
            for e in settings.CELERY_BEAT_SCHEDULE.values()
            if e["task"] == orphan_files_sweep_task.name
        )
        assert entry["task"] == "portal.core.tasks.orphan_files_sweep"
        orphan_files_sweep_task.delay()
        assert young.exists()
    finally:
        young.unlink(missing_ok=True)
