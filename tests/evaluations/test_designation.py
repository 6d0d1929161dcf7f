"""The municipal government's approval and the establishment of units
(第十二条): only for candidates whose window has closed with no open or
upheld objection; a unit, its certificate, an announcement, the directory."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from applications.services.objections import objection_decide, objection_submit
from applications.workflow import State
from cms.models import NoticePage
from cms.services.documents import unit_certificate_render
from evaluations.models import ProtectedUnit, UnitStatus
from evaluations.services.designation import approval_record
from portal.core.errors import Refused
from portal.core.models import InboxMessage
from tests.portal.pdf_text import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)  # window 2025-09-22 to 2025-10-23
AFTER = datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI)
SCAN = b"%PDF-1.4\n%approval scan\n"


def scan():
    return SimpleUploadedFile("批复.pdf", SCAN, content_type="application/pdf")


def object_to(candidates, application, now):
    return objection_submit(
        candidate_list=candidates,
        application_id=application.pk,
        name="王五",
        phone="13700000000",
        email="",
        grounds="该单位的传承人并非本单位职工，请核查。",
        now=now,
    )


def approve(candidates, reviewer, applications, **kwargs):
    return approval_record(
        candidate_list=candidates,
        user=reviewer,
        document_number=kwargs.pop("document_number", "景府字〔2025〕120号"),
        approved_on=kwargs.pop("approved_on", datetime.date(2025, 11, 3)),
        scan=kwargs.pop("scan", scan()),
        applications=applications,
        **kwargs,
    )


@pytest.fixture
def publicised(publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, page, reviewer = publicise(MONDAY)
    first, second = candidates.applications.order_by("receipt_number")
    return candidates, page, reviewer, first, second


@time_machine.travel(datetime.datetime(2025, 10, 23, 20, tzinfo=SHANGHAI), tick=False)
def test_approval_is_refused_while_the_window_is_open(publicised):
    candidates, _page, reviewer, first, _second = publicised
    with pytest.raises(Refused) as refused:
        approve(candidates, reviewer, [first], approved_on=datetime.date(2025, 10, 23))
    assert "2025-10-23" in str(refused.value)
    assert not ProtectedUnit.objects.exists()


@time_machine.travel(AFTER, tick=False)
def test_approval_is_refused_while_an_objection_is_open_and_for_an_upheld_candidate(publicised):
    candidates, _page, reviewer, first, second = publicised
    during = datetime.datetime(2025, 10, 10, 15, tzinfo=SHANGHAI)
    open_objection = object_to(candidates, first, during)
    upheld = object_to(candidates, second, during)
    objection_decide(objection=upheld, user=reviewer, upheld=True, reason="经查属实。")

    with pytest.raises(Refused) as refused:
        approve(candidates, reviewer, [first])
    assert open_objection.receipt_code in str(refused.value)
    with pytest.raises(Refused) as refused:
        approve(candidates, reviewer, [second])
    assert "瑶里古窑瓷业有限公司" not in str(refused.value)
    assert "湖田青白瓷研究所" in str(refused.value)
    # All or nothing: one blocked candidate stops the whole approval.
    objection_decide(objection=open_objection, user=reviewer, upheld=False, reason="不属实。")
    with pytest.raises(Refused):
        approve(candidates, reviewer, [first, second])
    assert not ProtectedUnit.objects.exists()
    first.refresh_from_db()
    assert first.status == State.CANDIDATE
    # Once the open objection is dismissed, the first candidate may be approved.
    approve(candidates, reviewer, [first])
    first.refresh_from_db()
    assert first.status == State.ESTABLISHED


@time_machine.travel(AFTER, tick=False)
def test_approval_needs_a_document_a_date_after_the_window_and_a_real_scan(publicised):
    candidates, _page, reviewer, first, _second = publicised
    with pytest.raises(Refused) as refused:
        approve(
            candidates,
            reviewer,
            [first],
            document_number=" ",
            approved_on=datetime.date(2025, 10, 20),
            scan=SimpleUploadedFile("批复.pdf", b"not a pdf"),
        )
    assert len(refused.value.problems) == 3
    with pytest.raises(Refused):
        approve(candidates, reviewer, [first], approved_on=datetime.date(2025, 11, 4))


@time_machine.travel(AFTER, tick=False)
def test_approval_establishes_units_with_certificate_announcement_and_directory_entry(
    publicised, client, django_capture_on_commit_callbacks
):
    candidates, page, reviewer, first, second = publicised
    with django_capture_on_commit_callbacks(execute=True):
        approval = approve(candidates, reviewer, [first, second])
    units = list(ProtectedUnit.objects.order_by("code"))
    assert [u.code for u in units] == ["2025-JD-001", "2025-JD-002"]
    unit = units[0]
    assert unit.status == UnitStatus.DESIGNATED_BASE
    assert unit.name == "瑶里古窑瓷业有限公司（生产性保护示范基地）"
    assert unit.established_on == datetime.date(2025, 11, 3)
    # The window was closed on the way (beat had not run).
    candidates.refresh_from_db()
    assert candidates.period.closed_at is not None and candidates.objections_at_close == 0
    # Logged; the applicants told.
    assert ModelLogEntry.objects.filter(action="portal.unit.establish").count() == 2
    assert ModelLogEntry.objects.get(action="portal.approval.record").data["units"] == [
        "2025-JD-001",
        "2025-JD-002",
    ]
    # Once each, by the approval's message (with the unit's page).
    assert InboxMessage.objects.filter(event="approval.record").count() == 2
    assert not InboxMessage.objects.filter(event="application.establish").exists()
    # The announcement is live and links the directory.
    notice = NoticePage.objects.get(pk=approval.notice_page_id)
    assert notice.live and "景府字〔2025〕120号" in notice.body
    assert "/directory/2025-JD-001/" in notice.body
    # The public directory and unit page.
    directory = client.get("/directory/").content.decode()
    assert "瑶里古窑瓷业有限公司（生产性保护示范基地）" in directory
    unit_page = client.get("/directory/2025-JD-001/").content.decode()
    assert 'data-unit-status="designated_base"' in unit_page
    assert "景府字〔2025〕120号" in unit_page and "2025-09-22" in unit_page
    for private in ("0798-1", "a@example.invalid", "陈"):
        assert private not in unit_page.split("<main", 1)[-1].split("</main>")[0]
    # The publicity page shows the outcome once closed.
    assert "已设立" in client.get(page.url).content.decode()
    # The certificate, rendered by the queued task, is served.
    response = client.get("/directory/2025-JD-001/certificate/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@time_machine.travel(AFTER, tick=False)
def test_certificate_pdf_extracts_to_the_chinese_text_with_cjk_fonts(publicised):
    candidates, _page, reviewer, first, _second = publicised
    approve(candidates, reviewer, [first])
    unit = unit_certificate_render(unit_id=ProtectedUnit.objects.get().pk)
    data = unit.certificate_pdf.read()
    text = pdf_text(data)
    for expected in (
        "证书",
        "瑶里古窑瓷业有限公司",
        "景府字〔2025〕120号",
        "国家级景德镇陶瓷文化生态保护实验区",
        "生产性保护示范基地",
        "景德镇市文化广电新闻出版旅游局",
        "2025年11月3日",
        "证书编号：2025-JD-001",
    ):
        assert expected in text, expected
    assert "Noto-Serif-CJK-SC" in pdf_fonts(data)


@time_machine.travel(AFTER, tick=False)
def test_a_removed_candidate_is_never_approved_through_the_review_page(publicised, client):
    _candidates, _page, reviewer, first, _second = publicised
    client.force_login(reviewer)
    response = client.post(
        f"/admin/applications_review/transition/{first.pk}/", {"action": "establish"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == State.CANDIDATE
    assert not ProtectedUnit.objects.exists()
