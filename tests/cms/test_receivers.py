"""The public site's pages made for the domain's events (cms.receivers):
each is written in the domain step's transaction — after the commit both
the domain change and the page exist, after a rollback neither — and a
page that cannot be made refuses the domain step too."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from applications.models import CandidateList
from applications.roles import Role
from applications.services.candidates import candidate_list_create
from applications.services.publicity import candidate_list_publish
from applications.workflow import State
from cms import receivers
from cms.models import EvaluationReportPage, NoticePage, PublicityPage
from evaluations.models import (
    Acceptance,
    Approval,
    Evaluation,
    EvaluationRound,
    EvaluationScore,
    EvaluationStatus,
    Indicator,
    ProtectedUnit,
    UnitStatus,
)
from evaluations.services.acceptance import acceptance_decide
from evaluations.services.designation import approval_record
from evaluations.services.evaluation import evaluation_conclude
from evaluations.services.rectification import unit_delist
from tests.factories import ApplicationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n%scan\n"


class Rollback(Exception):
    """Raised inside a transaction to roll it back."""


@pytest.fixture
def reviewer(site_tree):
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER])


def rolled_back(step):
    """Runs ``step`` in a transaction that is then rolled back."""
    with pytest.raises(Rollback), transaction.atomic():
        step()
        raise Rollback


# 第十二条: a candidate list published for publicity.


@pytest.fixture
def reviewed_list(reviewer):
    application = ApplicationFactory(category="production", status=State.REVIEWED, number=1)
    return candidate_list_create(
        user=reviewer,
        title="2025年第一批保护基地备选名单",
        kind="base",
        decision="局务会议研究确定",
        applications=[application],
    )


def publish(candidates, reviewer):
    return candidate_list_publish(
        candidate_list=candidates,
        user=reviewer,
        title="2025年第一批保护基地备选名单公示",
        document_number="景文旅字〔2025〕88号",
        body="<p>现将备选名单予以公示。</p>",
        contact="景德镇市文化广电新闻出版旅游局",
    )


@time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False)
def test_a_published_list_has_its_notice_and_pdf_after_the_commit(
    reviewed_list, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        publish(reviewed_list, reviewer)
    reviewed_list.refresh_from_db()
    page = PublicityPage.objects.get()
    assert reviewed_list.publicity_page_id == page.pk and page.live
    assert page.candidate_list == reviewed_list
    # The notice's PDF is rendered by a task queued for after the commit.
    assert not reviewed_list.notice_pdf
    for callback in queued:
        callback()
    reviewed_list.refresh_from_db()
    assert reviewed_list.notice_pdf


@time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False)
def test_a_rolled_back_publication_leaves_no_notice(reviewed_list, reviewer):
    rolled_back(lambda: publish(reviewed_list, reviewer))
    reviewed_list.refresh_from_db()
    assert reviewed_list.period_id is None and reviewed_list.publicity_page_id is None
    assert not PublicityPage.objects.exists()


@time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False)
def test_a_notice_that_cannot_be_made_refuses_the_publication(reviewed_list, reviewer, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the page tree is broken")

    monkeypatch.setattr(receivers, "publicity_page_publish", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(reviewed_list, reviewer)
    reviewed_list.refresh_from_db()
    assert reviewed_list.period_id is None


# 第十二条: the approval that establishes the units.


def approve(candidates, reviewer):
    return approval_record(
        candidate_list=candidates,
        user=reviewer,
        document_number="景府字〔2025〕120号",
        approved_on=datetime.date(2025, 11, 3),
        scan=SimpleUploadedFile("批复.pdf", PDF, content_type="application/pdf"),
        applications=list(candidates.applications.all()),
    )


@pytest.fixture
def closed_list(publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(datetime.date(2025, 9, 22), n=1)
    return candidates, reviewer


@time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False)
def test_an_approval_has_its_announcement_and_certificates_after_the_commit(
    closed_list, django_capture_on_commit_callbacks
):
    candidates, reviewer = closed_list
    with django_capture_on_commit_callbacks(execute=True):
        approval = approve(candidates, reviewer)
    approval.refresh_from_db()
    assert approval.notice_page.specific.slug.startswith("establishment-")
    assert all(unit.certificate_pdf for unit in ProtectedUnit.objects.all())


@time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False)
def test_a_rolled_back_approval_leaves_no_unit_and_no_announcement(closed_list):
    candidates, reviewer = closed_list
    notices = NoticePage.objects.count()
    rolled_back(lambda: approve(candidates, reviewer))
    assert not Approval.objects.exists() and not ProtectedUnit.objects.exists()
    assert NoticePage.objects.count() == notices
    assert candidates.applications.get().status == State.CANDIDATE


@time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False)
def test_an_announcement_that_cannot_be_made_refuses_the_approval(closed_list, monkeypatch):
    candidates, reviewer = closed_list

    def broken(**kwargs):
        raise RuntimeError("the page tree is broken")

    monkeypatch.setattr(receivers, "notice_publish", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        approve(candidates, reviewer)
    assert not Approval.objects.exists() and not ProtectedUnit.objects.exists()


# 第十八条: a zone passes acceptance.


@pytest.fixture
def applied_zone(reviewer):
    member = UserFactory(roles=[Role.COUNTY_BUREAU])
    zone = UnitFactory(
        kind="reserve",
        category="",
        status=UnitStatus.EXPERIMENTAL_ZONE,
        name="浮梁县陶瓷文化生态保护实验区",
        code="2022-SYQ-001",
        member=member,
    )
    acceptance = Acceptance(unit=zone, applied_by=member, report_name="验收报告.pdf")
    acceptance.report.save("验收报告.pdf", SimpleUploadedFile("验收报告.pdf", PDF), save=False)
    acceptance.save()
    return acceptance


def test_a_passed_acceptance_has_its_notice_and_plaque_after_the_commit(
    applied_zone, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        acceptance_decide(acceptance=applied_zone, user=reviewer, passed=True, reason="验收合格。")
    applied_zone.refresh_from_db()
    assert applied_zone.notice_page.specific.title == "关于浮梁县陶瓷文化生态保护区通过验收的公告"
    assert applied_zone.plaque_pdf


def test_a_rolled_back_acceptance_leaves_the_zone_and_no_notice(applied_zone, reviewer):
    rolled_back(
        lambda: acceptance_decide(
            acceptance=applied_zone, user=reviewer, passed=True, reason="验收合格。"
        )
    )
    applied_zone.refresh_from_db()
    assert applied_zone.unit.status == UnitStatus.EXPERIMENTAL_ZONE
    assert applied_zone.notice_page_id is None and not NoticePage.objects.exists()


# 第三十六条: an evaluation concluded, its report published.


@pytest.fixture
def scored_evaluation(reviewer):
    unit = UnitFactory()
    indicator = Indicator.objects.filter(active=True).first()
    evaluation_round = EvaluationRound.objects.create(
        title="2027年全面评估",
        opened_on=datetime.date(2027, 3, 1),
        opened_by=reviewer,
        indicators=[
            {
                "id": indicator.pk,
                "code": indicator.code,
                "name": indicator.name,
                "description": "",
                "weight": "100",
            }
        ],
    )
    evaluation = Evaluation.objects.create(round=evaluation_round, unit=unit)
    evaluation.scorers.add(reviewer)
    EvaluationScore.objects.create(
        evaluation=evaluation, indicator=indicator, scorer=reviewer, score=Decimal("88")
    )
    return evaluation


def conclude(evaluation, reviewer, outcome="commendation"):
    return evaluation_conclude(
        evaluation=evaluation, user=reviewer, outcome=outcome, conclusion="保护成效显著。"
    )


def test_a_concluded_evaluation_has_its_report_commendation_and_pdf_after_the_commit(
    scored_evaluation, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conclude(scored_evaluation, reviewer)
    scored_evaluation.refresh_from_db()
    report = EvaluationReportPage.objects.get()
    assert scored_evaluation.report_page_id == report.pk and report.total == Decimal("88.00")
    assert NoticePage.objects.filter(slug__startswith="commendation-").exists()
    assert scored_evaluation.report_pdf


def test_a_rolled_back_conclusion_leaves_no_report(scored_evaluation, reviewer):
    rolled_back(lambda: conclude(scored_evaluation, reviewer))
    scored_evaluation.refresh_from_db()
    assert scored_evaluation.status == EvaluationStatus.SCORING
    assert not EvaluationReportPage.objects.exists() and not NoticePage.objects.exists()


# 第三十八条: a unit delisted.


def test_a_delisted_unit_has_its_notice_after_the_commit(reviewer):
    unit = UnitFactory()
    unit_delist(unit=unit, user=reviewer, reason="逾期未整改。")
    unit.refresh_from_db()
    assert unit.status == UnitStatus.DELISTED
    notice = unit.delisting_notice.specific
    assert notice.live and notice.date == timezone.localdate()


def test_a_rolled_back_delisting_leaves_the_unit_and_no_notice(reviewer):
    unit = UnitFactory()
    rolled_back(lambda: unit_delist(unit=unit, user=reviewer, reason="逾期未整改。"))
    unit.refresh_from_db()
    assert unit.status == UnitStatus.DESIGNATED_BASE and unit.delisting_notice_id is None
    assert not NoticePage.objects.exists()
    assert not CandidateList.objects.exists()
