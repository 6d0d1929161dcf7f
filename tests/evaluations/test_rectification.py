"""Rectification and delisting (限期整改、摘牌, 第三十八条): the order and its
obligation, the unit's report, the bureau's verification, and — when not
rectified in time or not well enough — the delisting, public and logged,
with the unit's history kept in the directory."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from wagtail.models import ModelLogEntry

from applications.roles import Role
from cms.models import NoticePage
from evaluations.models import (
    Obligation,
    ObligationKind,
    ObligationStatus,
    RectificationOrder,
    RectificationStatus,
)
from evaluations.services.evaluation import (
    evaluation_conclude,
    evaluation_round_open,
    evaluation_score,
    evaluation_scorers_assign,
)
from evaluations.services.obligations import obligations_generate
from evaluations.services.rectification import (
    rectification_decide,
    rectification_order_issue,
    rectification_report_submit,
    unit_delist,
)
from portal.core.errors import Refused
from portal.core.models import InboxMessage
from tests.evaluations.test_evaluations import FIRST, by_code, evaluation_due
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ISSUED = datetime.datetime(2027, 3, 1, 10, tzinfo=SHANGHAI)
DEADLINE = datetime.date(2027, 6, 30)
LAST_MINUTE = datetime.datetime(2027, 6, 30, 23, 59, tzinfo=SHANGHAI)
MISSED = datetime.datetime(2027, 7, 1, 9, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4\n%rectification report\n"
ITEMS = ["补充传承人培养计划", "整改展示场所消防问题"]


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER], email="reviewer@example.invalid")


@pytest.fixture
def member(db):
    return UserFactory(roles=[Role.APPLICANT], email="workshop@example.invalid")


@pytest.fixture
def unit(site_tree, member):
    return UnitFactory(
        code="2024-JD-001",
        name="瑶里古窑瓷业有限公司（生产性保护示范基地）",
        established_on=datetime.date(2024, 3, 15),
        member=member,
    )


@pytest.fixture
def order(unit, reviewer):
    with time_machine.travel(ISSUED, tick=False):
        return rectification_order_issue(unit=unit, user=reviewer, items=ITEMS, deadline=DEADLINE)


@pytest.fixture
def evaluated(unit, reviewer):
    """The unit's evaluation concluded with an order to rectify by
    DEADLINE (the report is public, and so is the order)."""
    expert = UserFactory(roles=[Role.EXPERT])
    evaluation_due(unit, datetime.date(2027, 3, 15))
    with time_machine.travel(ISSUED, tick=False):
        evaluation = evaluation_round_open(
            user=reviewer, title="2027年全面评估", day=ISSUED.date()
        ).evaluations.get()
        evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=[expert])
        evaluation_score(evaluation=evaluation, scorer=expert, scores=by_code(FIRST))
    # The report's PDF is rendered by a task once the conclusion commits.
    with time_machine.travel(ISSUED, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        evaluation_conclude(
            evaluation=evaluation,
            user=reviewer,
            outcome="rectification",
            conclusion="保护措施落实不到位。",
            rectification_items=ITEMS,
            rectification_deadline=DEADLINE,
        )
    evaluation.refresh_from_db()
    return evaluation, RectificationOrder.objects.get()


def report(order, user, **kwargs):
    return rectification_report_submit(
        order=order,
        user=user,
        text=kwargs.pop("text", "已制定传承人培养计划，消防设施已整改完毕。"),
        upload=kwargs.pop("upload", SimpleUploadedFile("整改报告.pdf", PDF)),
    )


def test_an_order_creates_a_rectification_obligation_and_tells_the_unit(order, member, unit):
    assert order.items == ITEMS and order.status == RectificationStatus.ORDERED
    obligation = order.obligation
    assert obligation.unit == unit
    assert (obligation.kind, obligation.period, obligation.due_date, obligation.status) == (
        ObligationKind.RECTIFICATION,
        None,
        DEADLINE,
        ObligationStatus.OPEN,
    )
    told = InboxMessage.objects.get(recipient=member, event="rectification.issue")
    assert "2027-06-30" in told.subject and "整改展示场所消防问题" in told.body
    entry = ModelLogEntry.objects.get(action="portal.rectification.issue")
    assert entry.data["items"] == ITEMS and entry.data["deadline"] == "2027-06-30"


@time_machine.travel(ISSUED, tick=False)
def test_an_order_needs_the_bureau_items_and_a_future_deadline(unit, reviewer, member):
    with pytest.raises(Refused) as refused:
        rectification_order_issue(unit=unit, user=reviewer, items=[" ", ""], deadline=ISSUED.date())
    assert refused.value.problems == [
        "请至少列出一项整改事项。",
        "整改期限应当晚于今天（2027-03-01）。",
    ]
    with pytest.raises(Refused):
        rectification_order_issue(unit=unit, user=member, items=ITEMS, deadline=DEADLINE)
    assert not RectificationOrder.objects.exists()
    assert not Obligation.objects.filter(kind=ObligationKind.RECTIFICATION).exists()


def test_the_report_by_a_member_before_the_deadline(order, member, reviewer):
    outsider = UserFactory(roles=[Role.APPLICANT])
    with time_machine.travel(LAST_MINUTE, tick=False):
        with pytest.raises(PermissionDenied):
            report(order, outsider)
        with pytest.raises(Refused) as refused:
            report(order, member, text=" ", upload=SimpleUploadedFile("整改报告.pdf", b"MZ..."))
        assert len(refused.value.problems) == 2
        report(order, member)
    order.refresh_from_db()
    assert order.status == RectificationStatus.REPORTED
    assert order.report.read() == PDF and order.report_text.startswith("已制定")
    assert order.obligation.status == ObligationStatus.SUBMITTED
    assert order.obligation.submitted_at is not None
    assert InboxMessage.objects.filter(recipient=reviewer, event="rectification.report").exists()
    assert ModelLogEntry.objects.get(action="portal.rectification.report").user_id == member.pk
    # Once only.
    with time_machine.travel(LAST_MINUTE, tick=False), pytest.raises(Refused):
        report(order, member)


def test_no_report_after_the_deadline(order, member):
    with time_machine.travel(MISSED, tick=False), pytest.raises(Refused) as refused:
        report(order, member)
    assert "2027-06-30" in str(refused.value)
    order.refresh_from_db()
    assert order.status == RectificationStatus.ORDERED and not order.report


def test_verified_rectification_closes_the_order(order, member, reviewer):
    with time_machine.travel(LAST_MINUTE, tick=False):
        report(order, member)
        with pytest.raises(Refused):
            rectification_decide(order=order, user=reviewer, rectified=True, reason=" ")
        rectification_decide(
            order=order, user=reviewer, rectified=True, reason="经现场核查，已整改到位。"
        )
    order.refresh_from_db()
    assert order.status == RectificationStatus.CLOSED
    assert order.obligation.status == ObligationStatus.DONE
    assert ModelLogEntry.objects.filter(action="portal.rectification.close").exists()
    assert InboxMessage.objects.filter(recipient=member, event="rectification.close").exists()
    order.unit.refresh_from_db()
    assert order.unit.status == "designated_base"


def test_no_delisting_before_the_deadline_without_a_report(order, reviewer):
    with time_machine.travel(LAST_MINUTE, tick=False), pytest.raises(Refused) as refused:
        rectification_decide(order=order, user=reviewer, rectified=False, reason="未整改。")
    assert "2027-06-30" in str(refused.value)
    order.unit.refresh_from_db()
    assert order.unit.status == "designated_base"


def test_a_missed_deadline_ends_in_delisting_with_a_public_notice(
    evaluated, unit, reviewer, member, client
):
    evaluation, order = evaluated
    # Another obligation still open, and one already done.
    with time_machine.travel(ISSUED, tick=False):
        obligations_generate(day=ISSUED.date())
    self_assessment = Obligation.objects.get(unit=unit, kind="self_assessment", period=2027)
    assert self_assessment.status == ObligationStatus.OPEN
    with time_machine.travel(MISSED, tick=False):
        rectification_decide(
            order=order, user=reviewer, rectified=False, reason="逾期未报送整改报告，整改不到位。"
        )
        # The directory, read while the clock still says 2027-07-01.
        page = client.get("/directory/2024-JD-001/").content.decode()
        listing = client.get("/directory/").content.decode()
        notices = client.get("/notices/").content.decode()

    unit.refresh_from_db()
    assert unit.status == "delisted" and unit.delisted_on == datetime.date(2027, 7, 1)
    order.refresh_from_db()
    assert order.status == RectificationStatus.DELISTED
    assert order.decision_reason == "逾期未报送整改报告，整改不到位。"
    # Every open obligation is cancelled; the done evaluation stays done.
    self_assessment.refresh_from_db()
    assert self_assessment.status == ObligationStatus.CANCELLED
    assert order.obligation.status == ObligationStatus.CANCELLED
    assert Obligation.objects.get(unit=unit, kind="evaluation").status == ObligationStatus.DONE
    assert not Obligation.objects.filter(unit=unit, status=ObligationStatus.OPEN).exists()
    # The public notice.
    notice = NoticePage.objects.get(pk=order.notice_page_id)
    assert notice.live and notice.slug == "delisting-2024-jd-001"
    assert notice.title == "关于对瑶里古窑瓷业有限公司（生产性保护示范基地）予以摘牌的公告"
    assert "逾期未报送整改报告，整改不到位。" in notice.body and "2027年7月1日" in notice.body
    assert "/directory/2024-JD-001/" in notice.body
    assert notice.title in notices
    # Logged; the unit told.
    delist = ModelLogEntry.objects.get(action="portal.unit.delist")
    assert delist.user_id == reviewer.pk and delist.data["notice"] == notice.pk
    assert self_assessment.pk in delist.data["obligations_cancelled"]
    assert ModelLogEntry.objects.get(action="portal.rectification.fail").data["reported"] is False
    assert InboxMessage.objects.filter(recipient=member, event="unit.delist").exists()
    # The directory shows the unit as delisted, with its history kept.
    assert 'data-unit-status="delisted"' in page and "data-delisted" in page
    assert "已摘牌" in listing and "瑶里古窑瓷业有限公司（生产性保护示范基地）" in listing
    history = page.split("data-history", 1)[1].split("</ol>", 1)[0]
    # Established as what it was then, not as what it is now.
    assert "设立：已认定保护基地" in history
    assert "综合评估报告：" in history and evaluation.report_page.url in history
    assert "责成限期整改，期限至2027-06-30" in history
    assert "摘牌（管理办法第三十八条）" in history and notice.url in history
    assert history.index("综合评估报告") < history.index("摘牌（")
    # The report stays public.
    assert client.get(evaluation.report_page.url).status_code == 200
    # A delisted unit owes nothing new and cannot be delisted twice.
    with time_machine.travel(datetime.datetime(2031, 1, 1, tzinfo=SHANGHAI), tick=False):
        assert obligations_generate(day=datetime.date(2031, 1, 1)) == 0
    with pytest.raises(Refused):
        unit_delist(unit=unit, user=reviewer, reason="再次摘牌")


def test_a_failed_verification_after_a_report_ends_in_delisting(order, member, reviewer):
    with time_machine.travel(LAST_MINUTE, tick=False):
        report(order, member)
        rectification_decide(
            order=order, user=reviewer, rectified=False, reason="经核查，消防问题仍未整改。"
        )
    order.refresh_from_db()
    order.unit.refresh_from_db()
    assert order.status == RectificationStatus.DELISTED
    assert order.unit.status == "delisted" and order.unit.delisted_on == LAST_MINUTE.date()
    assert ModelLogEntry.objects.get(action="portal.rectification.fail").data["reported"] is True
    # An order issued outside an evaluation shows in the history only
    # through the delisting notice.
    from evaluations.selectors import unit_history

    labels = [e["label"] for e in unit_history(unit=order.unit)]
    assert not any("责成限期整改" in label for label in labels)
    assert "摘牌（管理办法第三十八条）" in labels


def test_delisting_needs_the_bureau_and_a_reason(unit, reviewer, member):
    with pytest.raises(Refused):
        unit_delist(unit=unit, user=member, reason="理由")
    with pytest.raises(Refused):
        unit_delist(unit=unit, user=reviewer, reason=" ")
    unit.refresh_from_db()
    assert unit.status == "designated_base" and not NoticePage.objects.exists()


def test_a_rectification_outcome_for_a_delisted_unit_is_refused(unit, reviewer):
    unit_delist(unit=unit, user=reviewer, reason="保护不力，文化生态遭到破坏。")
    with time_machine.travel(ISSUED, tick=False), pytest.raises(Refused):
        rectification_order_issue(unit=unit, user=reviewer, items=ITEMS, deadline=DEADLINE)


# The admin screens.


@time_machine.travel(ISSUED, tick=False)
def test_the_bureau_issues_inspects_and_decides_in_the_admin(unit, reviewer, member, client):
    client.force_login(reviewer)
    form = client.get(f"/admin/rectification_orders/new/?unit={unit.pk}").content.decode()
    assert f'<option value="{unit.pk}" selected>' in form
    refused = client.post(
        "/admin/rectification_orders/new/",
        {"unit": unit.pk, "items_text": "", "deadline": "2027-03-01"},
    )
    assert refused.status_code == 200 and not RectificationOrder.objects.exists()
    refused = client.post(
        "/admin/rectification_orders/new/",
        {"unit": unit.pk, "items_text": "整改", "deadline": "2027-03-01"},
    )
    assert "整改期限应当晚于今天（2027-03-01）。" in refused.content.decode()
    assert not RectificationOrder.objects.exists()
    typed = {"unit": unit.pk, "items_text": "\n".join(ITEMS), "deadline": "2027-06-30"}
    # An order cannot be withdrawn: the first POST asks, and nothing is issued.
    asked = client.post("/admin/rectification_orders/new/", typed)
    assert asked.status_code == 200 and "data-consequence" in asked.content.decode()
    assert not RectificationOrder.objects.exists() and not InboxMessage.objects.exists()
    assert not ModelLogEntry.objects.filter(action="portal.rectification.issue").exists()
    response = client.post("/admin/rectification_orders/new/", typed | {"confirmed": "True"})
    order = RectificationOrder.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/inspect/{order.pk}/")
    assert order.items == ITEMS
    page = client.get(f"/admin/rectification_orders/inspect/{order.pk}/").content.decode()
    assert "整改展示场所消防问题" in page and "2027-06-30" in page
    # Before the deadline and without a report there is nothing to decide.
    assert 'name="action" value="fail"' not in page
    rectification_report_submit(
        order=order,
        user=member,
        text="已整改。",
        upload=SimpleUploadedFile("整改报告.pdf", PDF),
    )
    page = client.get(f"/admin/rectification_orders/inspect/{order.pk}/").content.decode()
    assert 'value="close"' in page and 'value="fail"' in page
    download = client.get(f"/admin/rectification_orders/report/{order.pk}/")
    assert b"".join(download.streaming_content) == PDF
    assert ModelLogEntry.objects.filter(action="portal.file.download").exists()
    response = client.post(
        f"/admin/rectification_orders/decide/{order.pk}/",
        {"action": "close", "reason": "已整改到位。", "confirmed": "1"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == RectificationStatus.CLOSED
    # Experts see none of it; the unit's file stays with the bureau.
    expert = UserFactory(roles=[Role.EXPERT])
    client.force_login(expert)
    for url in (
        "/admin/rectification_orders/",
        f"/admin/rectification_orders/inspect/{order.pk}/",
        f"/admin/rectification_orders/report/{order.pk}/",
    ):
        response = client.get(url)
        # The listing redirects; an order's address answers as a missing one.
        assert response.status_code in (403, 404) or response.url == "/admin/", url
