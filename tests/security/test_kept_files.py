"""Finding 4: a refused objection keeps at most what the form accepts,
under a token that expires; the files are never attached after that, and
the sweep deletes every kept file older than a day."""

import datetime
import os
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Objection
from portal.core.kept_files import KEPT_ROOT, KeptLimits, kept_files_keep, kept_files_names
from portal.core.tasks import kept_files_sweep

from .conftest import MONDAY, objection_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%objection evidence\n"


def pdfs(n: int, start: int = 0) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"照片{i}.pdf", PDF, content_type="application/pdf")
        for i in range(start, start + n)
    ]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Private storage of this test's own: what is kept is all there is."""
    settings.STORAGES = settings.STORAGES | {
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }
    return tmp_path


def kept_on_disk() -> list[Path]:
    root = Path(storages["private"].location) / KEPT_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file())


def refuse(client, page, candidates, files, pending=""):
    """Posts an objection with no contact (refused) and the files."""
    data = objection_data(candidates, phone="", pending=pending) | {"files": files}
    response = client.post(page.url + "objection/", data)
    assert response.status_code == 400
    return response.context["form"]["pending"].value()


def test_a_refused_form_keeps_no_more_files_than_the_form_accepts(open_window, client):
    candidates, page = open_window
    pending = refuse(client, page, candidates, pdfs(8))
    assert len(kept_on_disk()) == 5
    # Refused again with more: still the first five, no more on disk.
    pending = refuse(client, page, candidates, pdfs(3, start=8), pending=pending)
    assert len(kept_on_disk()) == 5
    response = client.post(page.url + "objection/", objection_data(candidates, pending=pending))
    assert response.status_code == 302
    names = sorted(Objection.objects.get().attachments.values_list("original_name", flat=True))
    assert names == [f"照片{i}.pdf" for i in range(5)]
    assert kept_on_disk() == []  # attached, no longer kept


def test_kept_files_stay_within_the_size_limits():
    limits = KeptLimits(files=5, bytes_each=len(PDF), bytes_total=2 * len(PDF))
    big = SimpleUploadedFile("大.pdf", PDF + b"x", content_type="application/pdf")
    signed = kept_files_keep(purpose="test", uploads=[big, *pdfs(3)], limits=limits)
    assert kept_files_names(purpose="test", signed=signed) == ["照片0.pdf", "照片1.pdf"]
    assert kept_files_keep(purpose="test", uploads=[big], limits=limits) == ""


def test_kept_files_are_never_attached_after_their_token_expired(publicise, client):
    start = datetime.datetime(2025, 9, 22, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        candidates, page, _reviewer = publicise(MONDAY)
        pending = refuse(client, page, candidates, pdfs(1))
        # Refused again five hours later: the token is not made younger.
        clock.shift(datetime.timedelta(hours=5))
        pending = refuse(client, page, candidates, [], pending=pending)
        assert pending
        clock.shift(datetime.timedelta(hours=1, seconds=1))
        response = client.post(page.url + "objection/", objection_data(candidates, pending=pending))
    assert response.status_code == 302
    assert not Objection.objects.get().attachments.exists()


def test_the_sweep_deletes_kept_files_older_than_a_day(open_window, client):
    candidates, page = open_window
    old = refuse(client, page, candidates, pdfs(2))
    young = refuse(client, page, candidates, pdfs(1, start=5))
    assert old and young
    # Kept where the form kept files before, and never swept then.
    legacy = Path(storages["private"].location) / "objections/pending/0123456789abcdef01234567"
    legacy.mkdir(parents=True)
    (legacy / "ab12cd34-旧照片.pdf").write_bytes(PDF)
    files = [*kept_on_disk(), legacy / "ab12cd34-旧照片.pdf"]
    a_day_ago = (timezone.now() - datetime.timedelta(hours=24, seconds=1)).timestamp()
    aged = [p for p in files if p.name.endswith(("照片0.pdf", "照片1.pdf", "旧照片.pdf"))]
    for path in aged:
        os.utime(path, (a_day_ago, a_day_ago))
    kept_files_sweep.delay()
    remaining = kept_on_disk()
    assert not any(p in remaining for p in aged)
    assert [p.name.split("-", 1)[1] for p in remaining] == ["照片5.pdf"]
    assert not legacy.exists()  # and the folders they leave empty
    assert "kept-files-sweep" in settings.CELERY_BEAT_SCHEDULE
