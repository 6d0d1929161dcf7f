"""The municipal government does not approve candidates (第十二条): the
bureau records the refusal — the document, its date, the reason and
optionally its scan — on the approval screens, on a form that states
what follows and needs its tick; each candidate is rejected, logged and
its applicant told, and the refusal is kept on the list's record."""

import datetime
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from applications.models import GovernmentRefusal
from applications.roles import Role
from applications.services.refusals import application_refusal_record
from applications.workflow import State
from portal.core.errors import Refused
from portal.core.models import InboxMessage
from portal.core.storage import private_storage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)  # window 2025-09-22 to 2025-10-23
AFTER = datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI)
REASON = "该单位传承活动开展不足，暂不予认定。"
PDF = b"%PDF-1.4\n%scan of the refusal\n"


@pytest.fixture(autouse=True)
def _no_refusal_scans():
    """Test media outlive a test: each starts with no refusal scan."""
    shutil.rmtree(Path(private_storage().location) / "refusals", ignore_errors=True)


@pytest.fixture
def publicised(publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(MONDAY)
    first, second = candidates.applications.order_by("receipt_number")
    return candidates, reviewer, first, second


def refuse(candidates, reviewer, applications, **kwargs):
    return application_refusal_record(
        candidate_list=candidates,
        user=reviewer,
        document_number=kwargs.pop("document_number", "景府字〔2025〕121号"),
        refused_on=kwargs.pop("refused_on", datetime.date(2025, 11, 3)),
        reason=kwargs.pop("reason", REASON),
        applications=applications,
        scan=kwargs.pop("scan", None),
    )


def refusal_scans() -> list[Path]:
    root = Path(private_storage().location) / "refusals"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def nothing_recorded(*applications):
    for application in applications:
        application.refresh_from_db()
        assert application.status == State.CANDIDATE
    assert not ModelLogEntry.objects.filter(action="portal.application.record_refusal").exists()
    assert not InboxMessage.objects.filter(event="application.record_refusal").exists()
    assert not GovernmentRefusal.objects.exists()
    assert not ModelLogEntry.objects.filter(action="portal.refusal.record").exists()
    assert not refusal_scans()


@time_machine.travel(AFTER, tick=False)
def test_the_refusal_rejects_logs_and_tells_the_applicant(publicised):
    candidates, reviewer, first, second = publicised
    refusal = refuse(candidates, reviewer, [first])
    assert [a.pk for a in refusal.applications.all()] == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == State.REJECTED and second.status == State.CANDIDATE
    entry = ModelLogEntry.objects.get(action="portal.application.record_refusal")
    assert entry.object_id == str(first.pk) and entry.user_id == reviewer.pk
    assert entry.data["document_number"] == "景府字〔2025〕121号"
    assert entry.data["refused_on"] == "2025-11-03"
    assert entry.data["candidate_list"] == candidates.pk
    assert REASON in entry.data["reason"] and entry.data["to"] == State.REJECTED
    told = InboxMessage.objects.get(event="application.record_refusal")
    assert told.recipient.organisations.filter(pk=first.organisation_id).exists()
    assert REASON in told.body and "景府字〔2025〕121号" in told.body
    # On the record, beside the transition.
    assert (refusal.candidate_list, refusal.document_number, refusal.refused_on) == (
        candidates,
        "景府字〔2025〕121号",
        datetime.date(2025, 11, 3),
    )
    assert refusal.reason == REASON and refusal.recorded_by == reviewer
    assert not refusal.scan and entry.data["refusal"] == refusal.pk
    record = ModelLogEntry.objects.get(action="portal.refusal.record")
    assert record.object_id == str(refusal.pk) and record.user_id == reviewer.pk
    assert record.data["applications"] == [first.pk]


@time_machine.travel(AFTER, tick=False)
def test_a_non_candidate_is_refused_and_nothing_changes(publicised):
    candidates, reviewer, first, second = publicised
    refuse(candidates, reviewer, [second])
    ModelLogEntry.objects.filter(
        action__in=["portal.application.record_refusal", "portal.refusal.record"]
    ).delete()
    InboxMessage.objects.all().delete()
    GovernmentRefusal.objects.all().delete()
    # The second is no longer a candidate: the whole refusal is refused.
    with pytest.raises(Refused) as refused:
        refuse(candidates, reviewer, [first, second])
    assert "湖田青白瓷研究所" in str(refused.value)
    nothing_recorded(first)


@time_machine.travel(AFTER, tick=False)
def test_the_refusal_needs_its_document_a_date_after_the_window_and_a_reason(publicised):
    candidates, reviewer, first, _second = publicised
    with pytest.raises(Refused) as refused:
        refuse(
            candidates,
            reviewer,
            [first],
            document_number=" ",
            refused_on=datetime.date(2025, 10, 20),
            reason=" ",
        )
    assert len(refused.value.problems) == 3
    with pytest.raises(Refused):
        refuse(candidates, reviewer, [first], refused_on=datetime.date(2025, 11, 4))
    with pytest.raises(Refused):
        refuse(candidates, UserFactory(roles=[Role.EXPERT]), [first])
    nothing_recorded(first)


SCREEN_DATA = {
    "document_number": "景府字〔2025〕121号",
    "refused_on": "2025-11-03",
    "reason": REASON,
}


@time_machine.travel(AFTER, tick=False)
def test_the_screen_needs_the_tick_then_records_the_refusal_with_its_scan(publicised, client):
    candidates, reviewer, first, second = publicised
    client.force_login(reviewer)
    url = f"/admin/approvals/refuse/{candidates.pk}/"
    inspect = f"/admin/candidate_lists/inspect/{candidates.pk}/"
    page = client.get(inspect).content.decode()
    assert f'href="{url}"' in page and "data-refusal=" not in page
    page = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="confirmed"' in page
    assert 'name="scan"' in page and "data-consequence" in page
    data = SCREEN_DATA | {"applications": [first.pk]}
    # No tick: 400 with the typed values kept, nothing done.
    response = client.post(url, data | {"scan": SimpleUploadedFile("不予批准.pdf", PDF)})
    assert response.status_code == 400 and response.context["form"].errors["confirmed"]
    assert response.context["form"]["reason"].value() == REASON
    nothing_recorded(first, second)
    scan = SimpleUploadedFile("不予批准.pdf", PDF)
    done = client.post(url, data | {"scan": scan, "confirmed": "on"})
    assert done.status_code == 302 and done.url == inspect
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == State.REJECTED and second.status == State.CANDIDATE
    refusal = GovernmentRefusal.objects.get()
    assert list(refusal.applications.all()) == [first]
    assert refusal.scan_name == "不予批准.pdf" and refusal.scan.read() == PDF
    assert len(refusal.scan_sha256) == 64 and len(refusal_scans()) == 1
    assert ModelLogEntry.objects.filter(action="portal.application.record_refusal").count() == 1
    record = ModelLogEntry.objects.get(action="portal.refusal.record")
    assert record.data["scan_sha256"] == refusal.scan_sha256
    # The list's page shows it: number, date, the refused, the scan's link.
    page = client.get(inspect).content.decode()
    assert f'data-refusal="{refusal.pk}"' in page and "景府字〔2025〕121号 · 2025-11-03" in page
    assert f'data-refused="{first.pk}"' in page and f'data-refused="{second.pk}"' not in page
    assert f'href="/admin/approvals/refusal-scan/{refusal.pk}/"' in page
    # Twice: the first is no longer offered; nothing more is recorded.
    again = client.post(url, data | {"confirmed": "on"})
    assert again.status_code == 400
    assert GovernmentRefusal.objects.count() == 1 and len(refusal_scans()) == 1
    assert ModelLogEntry.objects.filter(action="portal.application.record_refusal").count() == 1


@time_machine.travel(AFTER, tick=False)
def test_a_refusal_without_a_scan_shows_no_link(publicised, client):
    candidates, reviewer, first, _second = publicised
    refusal = refuse(candidates, reviewer, [first])
    client.force_login(reviewer)
    page = client.get(f"/admin/candidate_lists/inspect/{candidates.pk}/").content.decode()
    assert f'data-refusal="{refusal.pk}"' in page and "data-refusal-scan" not in page
    assert client.get(f"/admin/approvals/refusal-scan/{refusal.pk}/").status_code == 404


@time_machine.travel(AFTER, tick=False)
@pytest.mark.parametrize(
    "name, content, why",
    [
        ("不予批准.pdf", b"MZ\x90\x00" + b"\x00" * 60, "wrong kind"),
        ("不予批准.txt", b"just text", "not a scan"),
        ("不予批准.pdf", PDF + b"0" * 2048, "too large"),
    ],
)
def test_a_bad_scan_is_refused_and_nothing_changes(
    publicised, client, settings, name, content, why
):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    candidates, reviewer, first, second = publicised
    client.force_login(reviewer)
    url = f"/admin/approvals/refuse/{candidates.pk}/"
    data = SCREEN_DATA | {"applications": [first.pk], "confirmed": "on"}
    response = client.post(url, data | {"scan": SimpleUploadedFile(name, content)})
    assert response.status_code == 400, why
    assert response.context["form"].non_field_errors()
    nothing_recorded(first, second)
    # The service itself refuses it too.
    with pytest.raises(Refused):
        refuse(candidates, reviewer, [first], scan=SimpleUploadedFile(name, content))
    nothing_recorded(first, second)


@time_machine.travel(AFTER, tick=False)
def test_a_second_refusal_of_the_same_candidate_is_refused(publicised):
    candidates, reviewer, first, _second = publicised
    refuse(candidates, reviewer, [first], scan=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(Refused):
        refuse(
            candidates,
            reviewer,
            [first],
            document_number="景府字〔2025〕122号",
            scan=SimpleUploadedFile("b.pdf", PDF),
        )
    assert GovernmentRefusal.objects.get().document_number == "景府字〔2025〕121号"
    assert len(refusal_scans()) == 1
    assert ModelLogEntry.objects.filter(action="portal.refusal.record").count() == 1
    assert ModelLogEntry.objects.filter(action="portal.application.record_refusal").count() == 1


@time_machine.travel(AFTER, tick=False)
@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EXPERT, Role.COUNTY_BUREAU])
def test_the_scan_is_served_to_the_bureau_only_and_logged(publicised, client, role):
    candidates, reviewer, first, _second = publicised
    refusal = refuse(candidates, reviewer, [first], scan=SimpleUploadedFile("不予批准.pdf", PDF))
    url = f"/admin/approvals/refusal-scan/{refusal.pk}/"
    downloads = ModelLogEntry.objects.filter(action="portal.file.download")
    client.force_login(UserFactory(roles=[role]))
    response = client.get(url)
    if role == Role.APPLICANT:
        # An account without the admin is sent to sign in before any view
        # runs, whatever the id (as for the approval's scan): nothing told.
        assert response.status_code == 302
        assert response.url.split("?")[0] == "/admin/login/"
    else:
        assert response.status_code == 404
    assert not downloads.exists()
    client.force_login(reviewer)
    assert client.get(f"/admin/approvals/refusal-scan/{refusal.pk + 1}/").status_code == 404
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    entry = downloads.get()
    assert entry.object_id == str(refusal.pk) and entry.user_id == reviewer.pk
    assert entry.data == {"file": "refusal_scan", "name": "不予批准.pdf"}


@time_machine.travel(AFTER, tick=False)
@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EXPERT, Role.COUNTY_BUREAU])
def test_the_screen_is_for_the_bureau_only(publicised, client, role):
    candidates, _reviewer, first, second = publicised
    client.force_login(UserFactory(roles=[role]))
    url = f"/admin/approvals/refuse/{candidates.pk}/"
    data = {
        "document_number": "景府字〔2025〕121号",
        "refused_on": "2025-11-03",
        "reason": REASON,
        "applications": [first.pk],
        "confirmed": "True",
    }
    for response in (client.get(url), client.post(url, data)):
        # Refused: 403/404, or sent away (the admin's home, or the sign-in
        # for accounts without the admin).
        away = response.status_code == 302 and response.url.split("?")[0]
        assert response.status_code in (403, 404) or away in ("/admin/", "/admin/login/")
    nothing_recorded(first, second)


@time_machine.travel(AFTER, tick=False)
def test_the_approval_is_confirmed_on_its_own_page_by_a_tick(publicised, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.models import Approval, ProtectedUnit

    candidates, reviewer, first, _second = publicised
    client.force_login(reviewer)
    url = f"/admin/approvals/record/{candidates.pk}/"
    assert "data-consequence" in client.get(url).content.decode()
    data = {
        "document_number": "景府字〔2025〕120号",
        "approved_on": "2025-11-03",
        "applications": [first.pk],
    }
    scan = SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf")
    response = client.post(url, data | {"scan": scan})
    assert response.status_code == 400 and response.context["form"].errors["confirmed"]
    assert not Approval.objects.exists() and not ProtectedUnit.objects.exists()
    first.refresh_from_db()
    assert first.status == State.CANDIDATE
    scan.seek(0)
    assert client.post(url, data | {"scan": scan, "confirmed": "on"}).status_code == 302
    first.refresh_from_db()
    assert first.status == State.ESTABLISHED


@time_machine.travel(AFTER, tick=False)
def test_a_window_beat_has_not_closed_is_closed_before_the_refusal(publicised):
    """Beat late (the broker down): the window's end is recorded and told
    first, then the refusal, as for an approval."""
    candidates, reviewer, first, _second = publicised
    assert candidates.period.closed_at is None
    refuse(candidates, reviewer, [first])
    candidates.period.refresh_from_db()
    assert candidates.period.closed_at is not None
    closed = ModelLogEntry.objects.get(action="portal.candidate_list.close")
    refused = ModelLogEntry.objects.get(action="portal.application.record_refusal")
    assert closed.pk < refused.pk
    told = list(
        InboxMessage.objects.filter(recipient__organisations=first.organisation)
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert told.index("publicity.end") < told.index("application.record_refusal")
