"""The evaluation reports on the public site (评估报告, 第三十六条): the index
under the home page, each concluded evaluation's report page with its
total, outcome and conclusion, and its PDF."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import TestCase

from applications.roles import Role
from cms.models import EvaluationReportIndexPage, EvaluationReportPage, HomePage
from cms.services import site_tree_ensure
from evaluations.services.evaluation import (
    evaluation_conclude,
    evaluation_round_open,
    evaluation_score,
    evaluation_scorers_assign,
)
from tests.evaluations.test_evaluations import FIRST, SECOND, by_code, evaluation_due
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def report(site_tree):
    """The report of a unit evaluated by two experts (80.53 points),
    commended."""
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    experts = [UserFactory(roles=[Role.EXPERT]) for _ in range(2)]
    unit = UnitFactory(
        code="2024-JD-007",
        name="湖田青白瓷研究所（研究基地）",
        category="research",
        established_on=datetime.date(2024, 3, 15),
    )
    evaluation_due(unit, datetime.date(2027, 3, 15))
    with time_machine.travel(NOW, tick=False):
        evaluation = evaluation_round_open(
            user=reviewer, title="2027年全面评估", day=NOW.date()
        ).evaluations.get()
        evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=experts)
        evaluation_score(evaluation=evaluation, scorer=experts[0], scores=by_code(FIRST))
        evaluation_score(evaluation=evaluation, scorer=experts[1], scores=by_code(SECOND))
    # The report's PDF is rendered by a task once the conclusion commits.
    with time_machine.travel(NOW, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        evaluation_conclude(
            evaluation=evaluation,
            user=reviewer,
            outcome="commendation",
            conclusion="研究成果丰硕，传承体系完善。\n建议继续加强数字化保护。",
        )
    return EvaluationReportPage.objects.get()


def test_the_report_index_is_part_of_the_site_tree_and_its_menu(client, site_tree):
    assert site_tree.report_index.url == "/reports/"
    assert site_tree.report_index.title == "评估报告"
    assert "cms.EvaluationReportIndexPage" in HomePage.subpage_types
    # Ensuring the tree again adds nothing.
    assert site_tree_ensure().report_index.pk == site_tree.report_index.pk
    assert EvaluationReportIndexPage.objects.count() == 1
    home = client.get("/").content.decode()
    assert 'href="/reports/"' in home
    assert "尚未公布评估报告。" in client.get("/reports/").content.decode()


def test_the_report_page_is_live_with_its_total_and_outcome(client, report):
    assert report.live and report.get_parent().specific == site_tree_ensure().report_index
    assert report.url.startswith("/reports/2024-jd-007-")
    page = client.get(report.url).content.decode()
    assert "湖田青白瓷研究所（研究基地）综合评估报告（2027年）" in page
    assert "<dd data-total>80.53</dd>" in page
    assert 'data-outcome="commendation">通报表扬' in page
    assert "研究成果丰硕，传承体系完善。" in page and "建议继续加强数字化保护。" in page
    assert "总体规划落实情况" in page and "62.75" in page
    assert 'href="/directory/2024-JD-007/"' in page
    assert "2027-03-01" in page
    index = client.get("/reports/").content.decode()
    assert report.title in index and "80.53" in index and "通报表扬" in index


def test_the_report_pdf_is_served_to_the_public(client, report):
    response = client.get(f"{report.url}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_report_page_in_english_keeps_the_facts(client, report):
    page = client.get(f"/en{report.url}").content.decode()
    assert "Weighted score" in page and "80.53" in page and "Commendation" in page


def test_the_report_facts_are_read_only_in_the_admin(client, report):
    admin = UserFactory(roles=[Role.ADMIN], is_superuser=True, is_staff=True)
    client.force_login(admin)
    edit = client.get(f"/admin/pages/{report.pk}/edit/")
    assert edit.status_code == 200
    content = edit.content.decode()
    assert "80.53" in content
    assert 'name="total"' not in content and 'name="conclusion"' not in content
