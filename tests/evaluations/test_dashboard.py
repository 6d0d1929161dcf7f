"""The bureau's dashboard on the admin home: the counts of established
units, obligations due in 90 days and overdue, the application pipeline and
the latest evaluation scores; who sees it; its cost in queries; its charts'
accessible SVG."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine

from applications.models import County
from applications.roles import Role
from applications.workflow import State, main_path
from evaluations.models import Evaluation, EvaluationRound, Obligation
from evaluations.selectors import dashboard as selectors
from tests.factories import ApplicationFactory, OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _frozen_today():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False):
        yield


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def organisation_in(county: str, uscc: str):
    return OrganisationFactory(
        uscc=uscc, name=f"{county}陶瓷工作室", county=County.objects.get(name=county)
    )


@pytest.fixture
def reviewer():
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER])


@pytest.fixture
def units():
    """Five units in three counties: two bases, two reserves (one already
    a protection zone) and a delisted base."""
    zhushan = organisation_in("珠山区", "91360203MA0000002X")
    leping = organisation_in("乐平市", "91360281MA0000003X")
    return {
        "base": UnitFactory(name="瑶里古窑生产性保护基地"),
        "research": UnitFactory(name="珠山陶瓷研究基地", category="research", organisation=zhushan),
        "zone": UnitFactory(
            name="浮梁县陶瓷文化生态保护实验区",
            kind="reserve",
            category="",
            status="experimental_zone",
        ),
        "named": UnitFactory(
            name="乐平市陶瓷文化生态保护区",
            kind="reserve",
            category="",
            status="protection_zone",
            organisation=leping,
        ),
        "delisted": UnitFactory(name="已摘牌传承基地", category="transmission", status="delisted"),
    }


@pytest.fixture
def obligations(units):
    def make(unit, kind, period, due, status="open"):
        return Obligation.objects.create(
            unit=units[unit], kind=kind, period=period, due_date=due, status=status
        )

    return {
        "soon": make("base", "self_assessment", 2025, days(10)),
        "edge": make("research", "evaluation", 1, days(90), status="submitted"),
        "today": make("research", "self_assessment", 2025, TODAY),
        "later": make("zone", "master_plan", 1, days(91)),
        "cancelled": make("named", "evaluation", 1, days(20), status="cancelled"),
        "late": make("zone", "self_assessment", 2025, days(-5)),
        "oldest": make("named", "self_assessment", 2025, days(-40)),
        "done": make("base", "evaluation", 1, days(-3), status="done"),
        "filed_late": make("named", "master_plan", 1, days(-60), status="submitted"),
    }


@pytest.fixture
def applications(units):
    owner = UserFactory(roles=[Role.APPLICANT])
    organisation = units["base"].organisation
    statuses = [
        State.DRAFT,
        State.SUBMITTED,
        State.SUBMITTED,
        State.EXPERT_REVIEW,
        State.SUPPLEMENT_REQUESTED,
        State.REJECTED,
    ]
    return [
        ApplicationFactory(organisation=organisation, created_by=owner, status=status)
        for status in statuses
    ]


@pytest.fixture
def evaluations(units, reviewer):
    first = EvaluationRound.objects.create(
        title="2023年全面评估", opened_on=datetime.date(2023, 3, 1), opened_by=reviewer
    )
    second = EvaluationRound.objects.create(
        title="2026年全面评估", opened_on=datetime.date(2026, 2, 1), opened_by=reviewer
    )

    def score(round_, unit, total, outcome=""):
        return Evaluation.objects.create(
            round=round_,
            unit=units[unit],
            total=None if total is None else Decimal(total),
            outcome=outcome,
        )

    return [
        score(first, "base", "70.00"),
        score(second, "base", "88.50", "commendation"),
        score(second, "research", "61.25", "rectification"),
        score(first, "zone", "75.00"),
        score(second, "zone", None),  # still being scored: the earlier total stands
    ]


def test_units_are_counted_by_status_category_and_county(units):
    counts = selectors.unit_counts()
    assert {t.key: t.n for t in counts.by_status} == {
        "experimental_zone": 1,
        "protection_zone": 1,
        "designated_base": 2,
        "delisted": 1,
    }
    # Delisted units no longer count by category or county; reserves have
    # a line of their own.
    assert {t.key: t.n for t in counts.by_category} == {
        "production": 1,
        "transmission": 0,
        "dissemination": 0,
        "research": 1,
        "reserve": 2,
    }
    assert {t.label: t.n for t in counts.by_county} == {
        "昌江区": 0,
        "珠山区": 1,
        "浮梁县": 2,
        "乐平市": 1,
    }
    assert (counts.total, counts.current) == (5, 4)


def test_obligations_due_in_90_days_and_overdue(obligations):
    due = selectors.obligations_due(today=TODAY)
    # Today, day 10 and day 90 (submitted, awaiting the bureau) are due;
    # day 91, cancelled and done ones are not.
    assert due.rows == [obligations["today"], obligations["soon"], obligations["edge"]]
    assert due.total == 3
    overdue = selectors.obligations_overdue(today=TODAY)
    # Open ones only (a submitted one waits for the bureau), oldest first.
    assert overdue.rows == [obligations["oldest"], obligations["late"]]
    first = selectors.obligations_due(today=TODAY, limit=1)
    assert (len(first.rows), first.total, first.more) == (1, 3, 2)


def test_the_pipeline_follows_the_main_path(applications):
    pipeline = selectors.application_pipeline()
    assert [t.key for t in pipeline.main] == main_path()
    counts = {t.key: t.n for t in pipeline.main}
    assert counts[State.DRAFT] == 1
    assert counts[State.SUBMITTED] == 2
    assert counts[State.EXPERT_REVIEW] == 1
    assert counts[State.MATERIAL_REVIEW] == 0
    assert [(t.key, t.n) for t in pipeline.other] == [
        (State.SUPPLEMENT_REQUESTED, 1),
        (State.REJECTED, 1),
    ]
    assert pipeline.total == 6


def test_the_latest_scored_evaluation_of_each_unit(evaluations, units):
    scores = selectors.evaluation_scores()
    assert [(e.unit, e.total) for e in scores.rows] == [
        (units["base"], Decimal("88.50")),  # the 2026 round, not 2023's 70
        (units["zone"], Decimal("75.00")),  # 2026 not scored yet
        (units["research"], Decimal("61.25")),
    ]
    assert scores.total == 3


def test_a_reviewer_sees_the_dashboard_in_chinese(
    client, reviewer, units, obligations, applications, evaluations
):
    client.force_login(reviewer)
    page = client.get("/admin/").content.decode()
    for heading in (
        "已设立单位",
        "申报进度",
        "评估得分",
        "逾期未办事项（2）",
        "未来 90 天内到期（3）",
    ):
        assert heading in page, heading
    assert "文化生态保护实验区" in page and "已认定保护基地" in page
    overdue = page[page.index('id="bureau-overdue-section"') :]
    overdue = overdue[: overdue.index("</section>")]
    # Oldest first, each linking to its unit's admin page.
    assert overdue.index("乐平市陶瓷文化生态保护区") < overdue.index("浮梁县陶瓷文化生态保护实验区")
    assert f'href="/admin/units/inspect/{units["named"].pk}/"' in overdue
    assert "40 天" in overdue
    due = page[page.index('id="bureau-due-section"') :]
    due = due[: due.index("</section>")]
    assert "2026-03-12" in due and "2025年度自评" in due
    assert "已提交，待市文旅局办理" in due


def test_experts_and_applicants_do_not_see_it(client, units, obligations):
    client.force_login(UserFactory(roles=[Role.EXPERT]))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "bureau-units-section" not in response.content.decode()
    assert "bureau-overdue-section" not in response.content.decode()

    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    response = client.get("/admin/", follow=True)
    assert "bureau-units-section" not in response.content.decode()
    assert "已设立单位" not in response.content.decode()


def many(n: int, reviewer) -> None:
    """``n`` units, each with an obligation due soon, one overdue, an
    application and a scored evaluation."""
    round_ = EvaluationRound.objects.create(title="评估", opened_on=TODAY, opened_by=reviewer)
    owner = UserFactory(roles=[Role.APPLICANT])
    for i in range(n):
        unit = UnitFactory(name=f"单位{i}")
        Obligation.objects.create(
            unit=unit, kind="self_assessment", period=2025, due_date=days(i % 80)
        )
        Obligation.objects.create(unit=unit, kind="master_plan", period=1, due_date=days(-1 - i))
        ApplicationFactory(
            organisation=unit.organisation,
            created_by=owner,
            status=State.values[i % len(State.values)],
        )
        Evaluation.objects.create(round=round_, unit=unit, total=Decimal(50 + i))


# The whole home page for a reviewer: session, user and permissions,
# Wagtail's own panels, the admin menu's role checks, and the dashboard's
# ten reads and one role check (38 today, with 3 units as with 30).
MAX_QUERIES = 40


@pytest.mark.parametrize("n", [3, 30])
def test_the_home_page_costs_the_same_queries_for_3_or_30_units(
    client, reviewer, n, django_assert_max_num_queries
):
    many(n, reviewer)
    client.force_login(reviewer)
    client.get("/admin/")  # content types and other per-process caches
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/admin/")
    page = response.content.decode()
    scores = page[page.index('<figure class="bureau-chart" data-chart="bureau-scores-chart"') :]
    scores = scores[: scores.index("</svg>")]
    # Every unit's score is drawn (up to the chart's twenty).
    assert scores.count('class="bureau-chart__label"') == min(n, 20)


def test_the_charts_are_accessible_svg_with_a_table(client, reviewer, applications, evaluations):
    client.force_login(reviewer)
    page = client.get("/admin/").content.decode()
    charts = re.findall(r"<svg [^>]*role=\"img\"[^>]*>.*?</svg>", page, re.S)
    assert len(charts) == 2
    for chart in charts:
        labelled = re.search(r'aria-labelledby="([\w-]+) ([\w-]+)"', chart)
        title = re.search(rf'<title id="{labelled[1]}">([^<]+)</title>', chart)
        desc = re.search(rf'<desc id="{labelled[2]}">([^<]+)</desc>', chart)
        assert title and title[1].strip()
        assert desc and desc[1].strip()
        assert re.search(r'<text class="bureau-chart__label"[^>]*>[^<]+</text>', chart)
    pipeline, scores = charts
    assert "<title" in pipeline and "各状态申报数（按办理顺序）" in pipeline
    assert "已提交，待材料审核：2" in pipeline
    # The outcome is said in words, not by the bar's colour alone.
    assert "瑶里古窑生产性保护基地：88.50 · 通报表扬" in scores
    assert "61.25<tspan" in scores and "限期整改" in scores
    # The same figures as a table, behind a disclosure.
    assert page.count("<details>") >= 2
    assert "以表格查看" in page
