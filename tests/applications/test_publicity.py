"""Publicity of a candidate list (第十二条): the window's dates, objections
accepted to the second inside it, their handling, and the closing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import ModelLogEntry

from applications.models import Objection, ObjectionStatus
from applications.selectors import publicity_status
from applications.services.objections import objection_decide, objection_submit
from applications.services.publicity import publicity_close, publicity_close_due
from applications.workflow import State
from cms.services.documents import publicity_notice_render
from portal.core.errors import Refused
from portal.core.models import InboxMessage, OutboxEmail
from portal.core.spamguard import shown_token
from tests.helpers import run_at_once
from tests.portal.pdf_text import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)  # window 2025-09-22 to 2025-10-23
FRIDAY_BEFORE_NATIONAL_DAY = datetime.date(2025, 9, 26)
PDF = b"%PDF-1.4\n%objection evidence\n"


def at(day: datetime.date, hms: str) -> datetime.datetime:
    h, m, s = map(int, hms.split(":"))
    return datetime.datetime.combine(day, datetime.time(h, m, s), tzinfo=SHANGHAI)


def submit(candidates, *, now, application=None, **fields):
    values = {
        "name": "张三",
        "phone": "13800000000",
        "email": "zhang@example.invalid",
        "grounds": "该单位申报的场地面积与实际不符，请核查。",
    } | fields
    return objection_submit(
        candidate_list=candidates,
        application_id=(application or candidates.applications.first()).pk,
        now=now,
        **values,
    )


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_publishing_stores_the_window_and_publishes_the_page(publicise, client):
    candidates, page, reviewer = publicise(MONDAY)
    assert (candidates.period.start_date, candidates.period.end_date) == (
        datetime.date(2025, 9, 22),
        datetime.date(2025, 10, 23),
    )
    assert page.live and page.url == f"/publicity/20250922-{candidates.pk}/"
    entry = ModelLogEntry.objects.get(action="portal.candidate_list.publish")
    assert entry.data["end"] == "2025-10-23" and entry.user_id == reviewer.pk
    html = client.get(page.url).content.decode()
    assert "瑶里古窑瓷业有限公司" in html and "湖田青白瓷研究所" in html
    assert 'datetime="2025-09-22"' in html and 'datetime="2025-10-23"' in html
    assert 'data-publicity-state="open"' in html
    # On its first day every one of the 20 working days is left.
    assert publicity_status(candidate_list=candidates).working_days_left == 20
    # The index lists it with its dates.
    index = client.get("/publicity/").content.decode()
    assert page.title in index and 'datetime="2025-10-23"' in index


@time_machine.travel(at(FRIDAY_BEFORE_NATIONAL_DAY, "10:00:00"), tick=False)
def test_a_friday_before_national_day(publicise):
    # Counted by hand on 国办发明电〔2024〕12号: 9/26 Fri (1), 9/28 make-up
    # Sunday (2), 9/29 (3), 9/30 (4); 10/1-10/8 holiday; 10/9 (5), 10/10
    # (6), 10/11 make-up Saturday (7), 10/13-17 (8-12), 10/20-24 (13-17),
    # 10/27 (18), 10/28 (19), 10/29 (20).
    candidates, _page, _reviewer = publicise(FRIDAY_BEFORE_NATIONAL_DAY)
    assert candidates.period.start_date == datetime.date(2025, 9, 26)
    assert candidates.period.end_date == datetime.date(2025, 10, 29)
    assert not candidates.period.provisional


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_objection_accepted_until_235959_of_the_last_day(publicise):
    candidates, _page, _reviewer = publicise(MONDAY)
    last = datetime.date(2025, 10, 23)
    accepted = submit(candidates, now=at(last, "23:59:59"))
    assert accepted.receipt_code.startswith("YY") and len(accepted.receipt_code) == 12
    with pytest.raises(ValidationError) as refused:
        submit(candidates, now=at(last + datetime.timedelta(days=1), "00:00:00"))
    message = " ".join(refused.value.messages)
    assert "2025" in message and "10" in message and "23" in message
    assert Objection.objects.count() == 1


@time_machine.travel(at(datetime.date(2025, 9, 20), "09:00:00"), tick=False)
def test_objection_before_the_window_opens_is_refused(publicise):
    # Published on a Saturday: the window opens on Monday.
    candidates, _page, _reviewer = publicise(datetime.date(2025, 9, 20))
    assert candidates.period.start_date == MONDAY
    with pytest.raises(ValidationError):
        submit(candidates, now=at(datetime.date(2025, 9, 21), "23:59:59"))
    assert submit(candidates, now=at(MONDAY, "00:00:00")).pk


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_an_objection_needs_a_candidate_a_contact_and_grounds_and_writes_nothing_otherwise(
    publicise,
):
    candidates, _page, _reviewer = publicise(MONDAY)
    now = at(MONDAY, "10:00:00")
    with pytest.raises(ValidationError) as refused:
        submit(candidates, now=now, name=" ", phone="", email="", grounds="不同意")
    messages = refused.value.messages
    assert len(messages) == 3
    with pytest.raises(ValidationError):
        submit(
            candidates,
            now=now,
            uploads=[SimpleUploadedFile("证据.pdf", b"MZ\x90\x00 not a pdf")],
        )
    assert not Objection.objects.exists()
    assert not ModelLogEntry.objects.filter(action="portal.objection.submit").exists()


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_objection_with_attachment_is_logged_without_identity_and_the_bureau_is_told(
    publicise, django_capture_on_commit_callbacks
):
    candidates, _page, reviewer = publicise(MONDAY)
    with django_capture_on_commit_callbacks(execute=True):
        objection = submit(
            candidates,
            now=at(MONDAY, "10:00:00"),
            uploads=[SimpleUploadedFile("证据.pdf", PDF, content_type="application/pdf")],
        )
    assert objection.attachments.get().original_name == "证据.pdf"
    entry = ModelLogEntry.objects.get(action="portal.objection.submit")
    logged = str(entry.data) + entry.label
    for private in ("张三", "13800000000", "zhang@example.invalid"):
        assert private not in logged
    assert InboxMessage.objects.filter(recipient=reviewer, event="objection.submit").exists()
    receipt = OutboxEmail.objects.get(event="objection.receipt")
    assert receipt.to == "zhang@example.invalid" and objection.receipt_code in receipt.body
    sent = ModelLogEntry.objects.filter(action="portal.notification.sent")
    assert not any("zhang@example.invalid" in str(e.data) for e in sent)


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_dismissal_needs_a_reason_and_tells_the_objector(publicise):
    candidates, _page, reviewer = publicise(MONDAY)
    objection = submit(candidates, now=at(MONDAY, "10:00:00"))
    with pytest.raises(Refused):
        objection_decide(objection=objection, user=reviewer, upheld=False, reason=" ")
    objection_decide(
        objection=objection, user=reviewer, upheld=False, reason="经核查，场地面积属实。"
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED
    assert objection.application.status == State.CANDIDATE
    assert ModelLogEntry.objects.get(action="portal.objection.dismiss").user_id == reviewer.pk
    assert "经核查，场地面积属实。" in OutboxEmail.objects.get(event="objection.decide").body
    with pytest.raises(Refused):  # decided once
        objection_decide(objection=objection, user=reviewer, upheld=True, reason="改判")


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_upholding_removes_the_candidate_from_the_list(
    publicise, django_capture_on_commit_callbacks
):
    candidates, _page, reviewer = publicise(MONDAY)
    target = candidates.applications.order_by("receipt_number").first()
    objection = submit(candidates, now=at(MONDAY, "10:00:00"), application=target)
    with django_capture_on_commit_callbacks(execute=True):
        objection_decide(objection=objection, user=reviewer, upheld=True, reason="传承谱系造假。")
    target.refresh_from_db()
    assert target.status == State.REMOVED
    entry = ModelLogEntry.objects.get(action="portal.application.uphold_objection")
    assert objection.receipt_code in entry.data["reason"]
    # The applicant is told; no further objection to a removed candidate.
    assert InboxMessage.objects.filter(event="application.uphold_objection").exists()
    with pytest.raises(ValidationError):
        submit(candidates, now=at(MONDAY, "11:00:00"), application=target)


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_closing_is_done_once_and_counts_the_objections(
    publicise, django_capture_on_commit_callbacks
):
    candidates, _page, reviewer = publicise(MONDAY)
    submit(candidates, now=at(MONDAY, "10:00:00"))
    last = datetime.date(2025, 10, 23)
    assert not publicity_close(candidate_list_id=candidates.pk, now=at(last, "23:59:59"))
    after = at(last + datetime.timedelta(days=1), "00:00:30")
    with django_capture_on_commit_callbacks(execute=True):
        assert publicity_close_due(now=after) == [candidates.pk]
        assert publicity_close_due(now=after) == []
    assert not publicity_close(candidate_list_id=candidates.pk, now=after)
    candidates.refresh_from_db()
    assert candidates.objections_at_close == 1 and candidates.period.closed_at == after
    assert ModelLogEntry.objects.filter(action="portal.candidate_list.close").count() == 1
    told = InboxMessage.objects.filter(event="publicity.close", recipient=reviewer)
    assert told.count() == 1 and "1" in told.get().subject


@pytest.mark.django_db(transaction=True)
def test_two_workers_closing_at_once_close_the_window_once(committed_db, publicise):
    with time_machine.travel(at(MONDAY, "09:00:00"), tick=False):
        candidates, _page, _reviewer = publicise(MONDAY)
    after = at(datetime.date(2025, 10, 24), "00:00:05")
    results = run_at_once(*[lambda: publicity_close_due(now=after)] * 2)
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert sorted(results, key=len) == [[], [candidates.pk]]
    assert ModelLogEntry.objects.filter(action="portal.candidate_list.close").count() == 1
    assert InboxMessage.objects.filter(event="publicity.close").count() == 1


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_notice_pdf_extracts_to_the_chinese_text_with_cjk_fonts(publicise):
    candidates, page, _reviewer = publicise(MONDAY)
    candidates = publicity_notice_render(candidate_list_id=candidates.pk)
    data = candidates.notice_pdf.read()
    served = Client().get(page.url + "pdf/")
    assert b"".join(served.streaming_content) == data
    text = pdf_text(data)
    for expected in (
        "景德镇市文化广电新闻出版旅游局",
        "景文旅字〔2025〕88号",
        "2025年第一批保护基地备选名单公示",
        "瑶里古窑瓷业有限公司",
        "湖田青白瓷研究所",
        "景德镇手工制瓷技艺",
        "公示时间：2025年9月22日至2025年10月23日24时",
        "共二十个工作日",
    ):
        assert expected in text, expected
    assert "Noto-Serif-CJK-SC" in pdf_fonts(data)
    assert ModelLogEntry.objects.filter(action="portal.candidate_list.notice_pdf").exists()


# The public objection form, end to end through the page's routes.


def form_data(candidates, **fields):
    shown = shown_token(age=60)
    return {
        "candidate": candidates.applications.order_by("receipt_number").first().pk,
        "name": "李四",
        "phone": "0798-1234567",
        "email": "",
        "grounds": "该单位近三年并未开展传承活动，申报材料与事实不符。",
        "website": "",
        "shown": shown,
    } | fields


@time_machine.travel(at(MONDAY, "09:00:00"), tick=True)
def test_public_objection_form_gives_a_receipt_code_and_shows_no_identity(publicise, client):
    candidates, page, _reviewer = publicise(MONDAY)
    assert client.get(page.url + "objection/").status_code == 200
    response = client.post(page.url + "objection/", form_data(candidates), follow=True)
    html = response.content.decode()
    objection = Objection.objects.get()
    assert objection.receipt_code in html
    assert "李四" not in html and "0798-1234567" not in html
    # Anyone with the code sees the state, not the objector.
    other = client.__class__()
    followed = other.post(page.url + "follow/", {"code": objection.receipt_code.lower()})
    html = followed.content.decode()
    assert 'data-objection-status="received"' in html and "李四" not in html
    assert "李四" not in other.get(page.url).content.decode()


@time_machine.travel(at(MONDAY, "09:00:00"), tick=True)
def test_a_refused_form_keeps_the_typed_text_and_the_files(publicise, client):
    candidates, page, _reviewer = publicise(MONDAY)
    data = form_data(candidates, phone="", email="") | {
        "files": SimpleUploadedFile("现场照片.pdf", PDF, content_type="application/pdf")
    }
    response = client.post(page.url + "objection/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "该单位近三年并未开展传承活动" in html and "李四" in html  # the objector's own form
    assert "现场照片.pdf" in html
    pending = response.context["form"]["pending"].value()
    assert pending and not Objection.objects.exists()
    response = client.post(
        page.url + "objection/",
        form_data(candidates, phone="13900000000") | {"pending": pending},
    )
    assert response.status_code == 302
    assert Objection.objects.get().attachments.get().original_name == "现场照片.pdf"


@time_machine.travel(at(MONDAY, "09:00:00"), tick=True)
def test_spam_guard_refuses_a_filled_trap_and_an_instant_post(publicise, client):
    candidates, page, _reviewer = publicise(MONDAY)
    trapped = client.post(page.url + "objection/", form_data(candidates, website="http://x"))
    assert trapped.status_code == 400
    instant = shown_token()
    too_fast = client.post(page.url + "objection/", form_data(candidates, shown=instant))
    assert too_fast.status_code == 400
    assert not Objection.objects.exists()


@time_machine.travel(at(MONDAY, "09:00:00"), tick=True)
def test_objections_are_rate_limited_per_contact(publicise, client):
    candidates, page, _reviewer = publicise(MONDAY)
    for n in range(5):
        response = client.post(
            page.url + "objection/",
            form_data(candidates),
            REMOTE_ADDR=f"10.0.0.{n}",
        )
        assert response.status_code == 302
    response = client.post(page.url + "objection/", form_data(candidates), REMOTE_ADDR="10.0.1.1")
    assert response.status_code == 429
    assert Objection.objects.count() == 5


@time_machine.travel(at(MONDAY, "09:00:00"), tick=True)
def test_the_form_is_csrf_protected(publicise):
    candidates, page, _reviewer = publicise(MONDAY)
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(page.url + "objection/", form_data(candidates)).status_code == 403
    assert not Objection.objects.exists()


@time_machine.travel(at(MONDAY, "09:00:00"), tick=False)
def test_the_home_page_shows_the_lists_open_now_with_working_days_left(publicise, client):
    _candidates, page, _reviewer = publicise(MONDAY)
    html = client.get("/").content.decode()
    section = html.split("data-home-publicity", 1)[1].split("</section>", 1)[0]
    assert page.title in section and "20" in section and "10月23日" in section
    with time_machine.travel(at(datetime.date(2025, 10, 24), "00:00:00"), tick=False):
        after = client.get("/").content.decode()
    assert page.title not in after.split("data-home-publicity", 1)[1].split("</section>", 1)[0]
