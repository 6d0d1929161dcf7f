"""What a unit files after establishment and the bureau's answers: master
plans and changes, self-assessments with public comment, acceptance."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from applications.models import Township
from cms.models import NoticePage
from cms.services.documents import acceptance_plaque_render
from evaluations.models import Obligation, PlanChange, PublicComment
from evaluations.services.acceptance import acceptance_apply, acceptance_decide
from evaluations.services.assessments import (
    assessment_comment_open,
    assessment_decide,
    assessment_save,
    assessment_submit,
    comment_submit,
)
from evaluations.services.obligations import obligations_generate
from evaluations.services.plans import (
    plan_change_decide,
    plan_change_request,
    plan_decide,
    plan_submit,
)
from portal.core.errors import Refused
from tests.evaluations.conftest import pdf
from tests.portal.pdf_text import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def townships(*names):
    return list(Township.objects.filter(name__in=names).order_by("name"))


def submit_plan(unit, member, **overrides):
    values = {
        "unit": unit,
        "user": member,
        "upload": pdf("总体规划.pdf"),
        "starts_on": datetime.date(2025, 1, 1),
        "phases": (5, 3, 2),
        "core": townships("瑶里镇"),
        "dissemination": townships("鹅湖镇"),
    } | overrides
    return plan_submit(**values)


def test_plan_structure_is_checked(zone):
    unit, member, _reviewer = zone
    with pytest.raises(Refused) as refused:
        submit_plan(
            unit,
            member,
            phases=(6, 2, 1),
            core=[],
            dissemination=townships("鹅湖镇"),
            upload=None,
        )
    problems = " ".join(refused.value.problems)
    assert "5" in problems  # the near term at most five years
    assert len(refused.value.problems) == 4  # near term, sum, core, document
    with pytest.raises(Refused):
        submit_plan(unit, member, core=townships("瑶里镇"), dissemination=townships("瑶里镇"))
    assert not unit.plans.exists()


def test_plan_filed_fulfils_the_obligation_and_opens_acceptance(zone):
    unit, member, reviewer = zone
    obligations_generate(day=datetime.date(2024, 3, 15))
    plan = submit_plan(unit, member)
    assert plan.term_years == 10
    obligation = Obligation.objects.get(unit=unit, kind="master_plan")
    assert obligation.status == "submitted"
    with pytest.raises(Refused):
        plan_decide(plan=plan, user=reviewer, filed=False, note=" ")
    with pytest.raises(Refused):  # not a reviewer
        plan_decide(plan=plan, user=member, filed=True)
    plan_decide(plan=plan, user=reviewer, filed=True)
    obligation.refresh_from_db()
    assert obligation.status == "done"
    acceptance = Obligation.objects.get(unit=unit, kind="acceptance")
    assert acceptance.due_date == datetime.date(2028, 1, 1)
    assert ModelLogEntry.objects.filter(action="portal.plan.file", user=reviewer).exists()


def test_a_plan_change_needs_consultation_and_consent(zone):
    unit, member, reviewer = zone
    plan = submit_plan(unit, member)
    plan_decide(plan=plan, user=reviewer, filed=True)
    change_values = {
        "plan": plan,
        "user": member,
        "reason": "核心区调整",
        "upload": pdf("规划修订.pdf"),
        "starts_on": datetime.date(2025, 1, 1),
        "term_years": 10,
        "phases": (4, 4, 2),
        "core": townships("瑶里镇", "鹅湖镇"),
    }
    with pytest.raises(Refused) as refused:
        plan_change_request(**change_values, consultation=None, consent=None)
    assert len(refused.value.problems) == 2
    change = plan_change_request(
        **change_values, consultation=pdf("居民意见.pdf"), consent=pdf("县政府同意.pdf")
    )
    plan_change_decide(change=change, user=reviewer, approved=True, reason="程序完备")
    change.refresh_from_db()
    assert change.status == "approved" and change.new_plan.status == "filed"
    assert change.new_plan.replaces == plan
    plan.refresh_from_db()
    assert plan.status == "filed"  # kept, replaced
    assert PlanChange.objects.count() == 1


def draft(unit, member, **overrides):
    values = {
        "unit": unit,
        "user": member,
        "year": 2024,
        "key_work": ["古窑址保护", "传承人培养"],
        "summary": "本年度完成重点工作十项。",
        "events": [{"name": "瑶里陶瓷文化展", "date": "2024-10-01", "place": "瑶里镇"}],
        "upload": pdf("自评报告.pdf"),
    } | overrides
    return assessment_save(**values)


def test_a_self_assessment_needs_an_exhibition_event_before_comment(zone):
    unit, member, _reviewer = zone
    assessment = draft(unit, member, events=[])
    with pytest.raises(Refused) as refused:
        assessment_comment_open(assessment=assessment, user=member)
    assert "第二十九条" in str(refused.value) or "Article 29" in str(refused.value)


@time_machine.travel(datetime.datetime(2025, 1, 6, 9, tzinfo=SHANGHAI), tick=False)
def test_self_assessment_comment_file_and_acknowledge(zone):
    unit, member, reviewer = zone
    obligations_generate(day=datetime.date(2025, 1, 6))
    assessment = draft(unit, member)
    assessment = assessment_comment_open(assessment=assessment, user=member)
    period = assessment.comment_period
    # Ten working days from Monday 2025-01-06: 6-10, 13-17.
    assert (period.start_date, period.end_date) == (
        datetime.date(2025, 1, 6),
        datetime.date(2025, 1, 17),
    )
    last = datetime.datetime(2025, 1, 17, 23, 59, 59, tzinfo=SHANGHAI)
    comment = comment_submit(
        assessment=assessment,
        name="村民甲",
        phone="13500000000",
        email="",
        text="建议增加展演场次。",
        now=last,
    )
    assert comment.receipt_code.startswith("PL")
    with pytest.raises(ValidationError):
        comment_submit(
            assessment=assessment,
            name="村民乙",
            phone="13500000001",
            email="",
            text="晚到的意见。",
            now=last + datetime.timedelta(seconds=1),
        )
    with pytest.raises(Refused):  # the period is still running
        assessment_submit(assessment=assessment, user=member, now=last)
    assessment_submit(assessment=assessment, user=member, now=last + datetime.timedelta(hours=1))
    obligation = Obligation.objects.get(unit=unit, kind="self_assessment", period=2024)
    assert obligation.status == "submitted"
    assessment_decide(
        assessment=assessment, user=reviewer, filed=False, note="请补充经费使用情况。"
    )
    obligation.refresh_from_db()
    assert obligation.status == "open"
    assessment.refresh_from_db()
    assert assessment.status == "returned"
    # The unit revises; a revised draft goes through comment again.
    assessment = draft(unit, member, summary="补充了经费使用情况。")
    assert assessment.status == "draft"
    # No comment's identity is in the log.
    entries = ModelLogEntry.objects.filter(action="portal.assessment.comment")
    assert entries.count() == 1 and "村民甲" not in str(entries.get().data)
    assert PublicComment.objects.count() == 1


def test_acceptance_after_three_years_of_plan_names_a_protection_zone(
    zone, django_capture_on_commit_callbacks
):
    unit, member, reviewer = zone
    plan = submit_plan(unit, member, starts_on=datetime.date(2024, 6, 1))
    plan_decide(plan=plan, user=reviewer, filed=True)
    with pytest.raises(Refused) as refused:
        acceptance_apply(
            unit=unit, user=member, upload=pdf("验收报告.pdf"), today=datetime.date(2027, 5, 31)
        )
    assert "2027" in str(refused.value)
    acceptance = acceptance_apply(
        unit=unit, user=member, upload=pdf("验收报告.pdf"), today=datetime.date(2027, 6, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        acceptance_decide(acceptance=acceptance, user=reviewer, passed=True, reason="验收合格。")
    unit.refresh_from_db()
    assert unit.status == "protection_zone"
    assert unit.name == "浮梁县陶瓷文化生态保护区"
    acceptance.refresh_from_db()
    notice = NoticePage.objects.get(pk=acceptance.notice_page_id)
    assert notice.live and "浮梁县陶瓷文化生态保护区" in notice.title + notice.body
    data = acceptance_plaque_render(acceptance_id=acceptance.pk).plaque_pdf.read()
    text = pdf_text(data)
    assert "国家级景德镇陶瓷文化生态保护区" in text and "浮梁县陶瓷文化生态保护区" in text
    assert "Noto-Serif-CJK-SC" in pdf_fonts(data)
