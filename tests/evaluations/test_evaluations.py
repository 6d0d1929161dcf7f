"""The comprehensive evaluation (第三十六条): the indicator set and its
weights, opening a round for the units due, scorers, scoring, the weighted
total, the report PDF and page, and the outcomes of 第三十八条."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import TestCase
from wagtail.models import ModelLogEntry

from applications.roles import Role
from cms.models import EvaluationReportPage, NoticePage
from evaluations.models import (
    Evaluation,
    EvaluationRound,
    EvaluationScore,
    Indicator,
    Obligation,
    ObligationKind,
    ObligationStatus,
    RectificationOrder,
)
from evaluations.selectors import evaluation_score_table
from evaluations.services.evaluation import (
    evaluation_conclude,
    evaluation_round_open,
    evaluation_score,
    evaluation_scorers_assign,
)
from evaluations.services.indicators import indicator_weights_problem, indicator_weights_set
from portal.core.errors import Refused
from portal.core.models import InboxMessage
from tests.factories import UnitFactory, UserFactory
from tests.helpers import run_at_once
from tests.portal.pdf_text import pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2027, 3, 1)
NOW = datetime.datetime(2027, 3, 1, 10, tzinfo=SHANGHAI)

# Two scorers' scores, by indicator code, and the hand-computed result:
#   plan        20%  (80 + 85) / 2   = 82.5   × 0.2 = 16.5
#   management  20%  (90 + 80) / 2   = 85     × 0.2 = 17
#   protection  30%  (85 + 90) / 2   = 87.5   × 0.3 = 26.25
#   funding     20%  (70 + 75) / 2   = 72.5   × 0.2 = 14.5
#   other       10%  (60 + 65.5) / 2 = 62.75  × 0.1 = 6.275
#   total 80.525 → 80.53 (half up; banker's rounding would give 80.52)
FIRST = {"plan": "80", "management": "90", "protection": "85", "funding": "70", "other": "60"}
SECOND = {"plan": "85", "management": "80", "protection": "90", "funding": "75", "other": "65.5"}
TOTAL = Decimal("80.53")


def evaluation_due(unit, due: datetime.date, *, period=1, status=ObligationStatus.OPEN):
    return Obligation.objects.create(
        unit=unit, kind=ObligationKind.EVALUATION, period=period, due_date=due, status=status
    )


def by_code(values: dict[str, str]) -> dict[int, Decimal]:
    ids = dict(Indicator.objects.values_list("code", "pk"))
    return {ids[code]: Decimal(value) for code, value in values.items()}


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER], email="reviewer@example.invalid")


@pytest.fixture
def experts(db):
    return [UserFactory(roles=[Role.EXPERT]) for _ in range(2)]


@pytest.fixture
def member(db):
    return UserFactory(roles=[Role.APPLICANT], email="workshop@example.invalid")


@pytest.fixture
def due_unit(site_tree, member):
    """A base established on 2024-03-15, its first evaluation due on
    2027-03-15."""
    unit = UnitFactory(
        code="2024-JD-001",
        name="瑶里古窑瓷业有限公司（生产性保护示范基地）",
        established_on=datetime.date(2024, 3, 15),
        member=member,
    )
    evaluation_due(unit, datetime.date(2027, 3, 15))
    return unit


@pytest.fixture
def scored(due_unit, reviewer, experts):
    """A round opened on DAY with the due unit scored by both experts."""
    with time_machine.travel(NOW, tick=False):
        evaluation_round = evaluation_round_open(user=reviewer, title="2027年全面评估", day=DAY)
        evaluation = evaluation_round.evaluations.get()
        evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=experts)
        evaluation_score(evaluation=evaluation, scorer=experts[0], scores=by_code(FIRST))
        evaluation_score(
            evaluation=evaluation,
            scorer=experts[1],
            scores=by_code(SECOND),
            comments={Indicator.objects.get(code="plan").pk: "规划纳入地方总体规划。"},
        )
    return evaluation


def admin_refused(response) -> bool:
    """True when the admin refused the request: 403, 404 (an object's
    address, NotFoundWhenForbidden), or Wagtail's redirect to the dashboard
    with a permission message."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == "/admin/"
    )


def conclude(evaluation, reviewer, outcome="normal", **kwargs):
    """Concludes the evaluation and runs what its commit queues (the report
    PDF's task)."""
    with time_machine.travel(NOW, tick=False), TestCase.captureOnCommitCallbacks(execute=True):
        evaluation = evaluation_conclude(
            evaluation=evaluation,
            user=reviewer,
            outcome=outcome,
            conclusion=kwargs.pop("conclusion", "总体规划落实到位，保护措施有力。"),
            **kwargs,
        )
    evaluation.refresh_from_db()
    return evaluation


# The indicator set.


def test_weights_must_sum_to_100():
    assert indicator_weights_problem([Decimal("20")] * 5) is None
    assert indicator_weights_problem([Decimal("30"), Decimal("70")]) is None
    message = indicator_weights_problem([Decimal("30"), Decimal("60.5")])
    assert "90.5" in message and "100" in message
    assert indicator_weights_problem([]) is not None


def test_a_round_does_not_open_when_the_weights_do_not_sum_to_100(due_unit, reviewer):
    Indicator.objects.filter(code="other").update(weight=Decimal("20"))
    with pytest.raises(Refused) as refused:
        evaluation_round_open(user=reviewer, title="2027年全面评估", day=DAY)
    assert "110" in str(refused.value) and "100" in str(refused.value)
    assert not EvaluationRound.objects.exists()


def test_weights_are_set_all_at_once_by_an_administrator_only(reviewer):
    admin = UserFactory(roles=[Role.ADMIN])
    ids = dict(Indicator.objects.values_list("code", "pk"))
    new = {
        ids["plan"]: (Decimal("25"), True),
        ids["management"]: (Decimal("25"), True),
        ids["protection"]: (Decimal("30"), True),
        ids["funding"]: (Decimal("20"), True),
        ids["other"]: (Decimal("10"), False),
    }
    with pytest.raises(Refused):
        indicator_weights_set(user=reviewer, weights=new)
    indicator_weights_set(user=admin, weights=new)
    assert Indicator.objects.get(code="plan").weight == Decimal("25")
    assert not Indicator.objects.get(code="other").active
    # Logged for the three that changed: plan, management, other.
    logged = ModelLogEntry.objects.filter(action="portal.indicator.weights")
    assert sorted(e.label for e in logged) == [
        "其他工作情况",
        "总体规划落实情况",
        "管理机构履职情况",
    ]
    assert logged.get(object_id=str(ids["other"])).data == {
        "before": ["10.00", True],
        "after": ["10.00", False],
    }
    # 25 + 25 + 30 + 20 + 10 with “other” active again: refused, unchanged.
    new[ids["other"]] = (Decimal("10"), True)
    with pytest.raises(Refused) as refused:
        indicator_weights_set(user=admin, weights=new)
    assert "110" in str(refused.value)
    assert not Indicator.objects.get(code="other").active


# Opening a round.


@time_machine.travel(NOW, tick=False)
def test_a_round_opens_only_for_units_due(site_tree, reviewer, member):
    due_soon = UnitFactory(code="2024-JD-001", member=member)
    evaluation_due(due_soon, DAY + datetime.timedelta(days=90))  # the last day taken in
    overdue = UnitFactory(code="2023-JD-001")
    evaluation_due(overdue, datetime.date(2026, 12, 1))
    later = UnitFactory(code="2024-JD-002")
    evaluation_due(later, DAY + datetime.timedelta(days=91))
    delisted = UnitFactory(code="2024-JD-003", status="delisted")
    evaluation_due(delisted, datetime.date(2027, 3, 15))
    done = UnitFactory(code="2024-JD-004")
    evaluation_due(done, datetime.date(2027, 3, 15), status=ObligationStatus.DONE)
    # A unit owing two cycles gets one evaluation, on the earliest.
    behind = UnitFactory(code="2020-JD-001")
    first_cycle = evaluation_due(behind, datetime.date(2026, 6, 1), period=2)
    evaluation_due(behind, datetime.date(2027, 5, 1), period=3)

    evaluation_round = evaluation_round_open(user=reviewer, title="2027年全面评估", day=DAY)

    evaluated = dict(evaluation_round.evaluations.values_list("unit__code", "obligation__due_date"))
    assert evaluated == {
        "2024-JD-001": DAY + datetime.timedelta(days=90),
        "2023-JD-001": datetime.date(2026, 12, 1),
        "2020-JD-001": datetime.date(2026, 6, 1),
    }
    assert Evaluation.objects.get(unit=behind).obligation == first_cycle
    # The indicators and weights are kept as they were.
    assert [(i["code"], i["weight"]) for i in evaluation_round.indicators] == [
        ("plan", "20.00"),
        ("management", "20.00"),
        ("protection", "30.00"),
        ("funding", "20.00"),
        ("other", "10.00"),
    ]
    Indicator.objects.filter(code="plan").update(name="改名")
    evaluation_round.refresh_from_db()
    assert evaluation_round.indicators[0]["name"] == "总体规划落实情况"
    entry = ModelLogEntry.objects.get(action="portal.evaluation.open")
    assert entry.user_id == reviewer.pk
    assert sorted(entry.data["units"]) == ["2020-JD-001", "2023-JD-001", "2024-JD-001"]
    assert InboxMessage.objects.filter(recipient=member, event="evaluation.open").exists()
    # A second round does not take the same obligations again.
    with pytest.raises(Refused) as refused:
        evaluation_round_open(user=reviewer, title="重复", day=DAY)
    assert "2027-05-30" in str(refused.value)


def test_only_the_bureau_opens_a_round(due_unit, experts):
    with pytest.raises(Refused):
        evaluation_round_open(user=experts[0], title="2027年全面评估", day=DAY)
    with pytest.raises(Refused) as refused:
        evaluation_round_open(user=UserFactory(roles=[Role.ADMIN]), title=" ", day=DAY)
    assert "请填写评估轮次的标题。" in str(refused.value)
    assert not EvaluationRound.objects.exists()


# Scorers and scores.


@time_machine.travel(NOW, tick=False)
def test_scoring_by_a_user_not_assigned_is_refused(due_unit, reviewer, experts, member):
    evaluation = evaluation_round_open(
        user=reviewer, title="2027年全面评估", day=DAY
    ).evaluations.get()
    evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=[experts[0]])
    for outsider in (experts[1], reviewer, member):
        with pytest.raises(Refused) as refused:
            evaluation_score(evaluation=evaluation, scorer=outsider, scores=by_code(FIRST))
        assert "你未被指定为该评估的评分人员。" in str(refused.value)
    assert not EvaluationScore.objects.exists()
    # Only reviewers and experts can be scorers; nothing changes otherwise.
    with pytest.raises(Refused):
        evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=[member])
    assert list(evaluation.scorers.all()) == [experts[0]]
    # Experts do not assign.
    with pytest.raises(Refused):
        evaluation_scorers_assign(evaluation=evaluation, user=experts[0], scorers=experts)


@time_machine.travel(NOW, tick=False)
def test_a_scorer_scores_every_indicator_once_from_0_to_100(due_unit, reviewer, experts):
    evaluation = evaluation_round_open(
        user=reviewer, title="2027年全面评估", day=DAY
    ).evaluations.get()
    evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=experts)
    assert InboxMessage.objects.filter(recipient=experts[0], event="evaluation.assign").exists()
    bad = by_code(FIRST)
    bad[Indicator.objects.get(code="plan").pk] = Decimal("100.5")
    del bad[Indicator.objects.get(code="other").pk]
    with pytest.raises(Refused) as refused:
        evaluation_score(evaluation=evaluation, scorer=experts[0], scores=bad)
    assert len(refused.value.problems) == 2
    assert "总体规划落实情况" in str(refused.value) and "其他工作情况" in str(refused.value)
    assert not EvaluationScore.objects.exists()
    evaluation_score(evaluation=evaluation, scorer=experts[0], scores=by_code(FIRST))
    assert EvaluationScore.objects.filter(scorer=experts[0]).count() == 5
    with pytest.raises(Refused):
        evaluation_score(evaluation=evaluation, scorer=experts[0], scores=by_code(SECOND))
    # A scorer who has scored stays on the panel.
    with pytest.raises(Refused):
        evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=[experts[1]])
    assert ModelLogEntry.objects.filter(action="portal.evaluation.score").count() == 1
    assert ModelLogEntry.objects.filter(action="portal.evaluation.assign").count() == 1


def test_the_weighted_total_is_the_mean_per_indicator_times_its_weight(scored):
    table = evaluation_score_table(evaluation=scored)
    assert [(r["code"], r["mean"], r["weighted"]) for r in table["rows"]] == [
        ("plan", Decimal("82.50"), Decimal("16.50")),
        ("management", Decimal("85.00"), Decimal("17.00")),
        ("protection", Decimal("87.50"), Decimal("26.25")),
        ("funding", Decimal("72.50"), Decimal("14.50")),
        ("other", Decimal("62.75"), Decimal("6.28")),
    ]
    assert table["total"] == TOTAL


def test_a_conclusion_needs_every_scorer_an_outcome_and_a_conclusion(due_unit, reviewer, experts):
    with time_machine.travel(NOW, tick=False):
        evaluation = evaluation_round_open(
            user=reviewer, title="2027年全面评估", day=DAY
        ).evaluations.get()
        evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=experts)
        evaluation_score(evaluation=evaluation, scorer=experts[0], scores=by_code(FIRST))
    with pytest.raises(Refused) as refused:
        conclude(evaluation, reviewer, outcome="splendid", conclusion=" ")
    assert len(refused.value.problems) == 3
    assert experts[1].username in str(refused.value)
    with pytest.raises(Refused) as refused:
        conclude(evaluation, experts[0])
    evaluation.refresh_from_db()
    assert evaluation.status == "scoring" and evaluation.total is None
    assert not EvaluationReportPage.objects.exists()


def test_concluding_publishes_the_report_and_marks_the_obligation_done(
    scored, reviewer, member, client
):
    evaluation = conclude(scored, reviewer)
    assert evaluation.total == TOTAL and evaluation.status == "published"
    obligation = Obligation.objects.get(pk=evaluation.obligation_id)
    assert obligation.status == ObligationStatus.DONE and obligation.done_at is not None
    page = EvaluationReportPage.objects.get()
    assert evaluation.report_page_id == page.pk and page.live
    assert page.url == f"/reports/2024-jd-001-{evaluation.pk}/"
    html = client.get(page.url).content.decode()
    assert "80.53" in html and "合格" in html and "总体规划落实到位" in html
    assert "瑶里古窑瓷业有限公司（生产性保护示范基地）综合评估报告（2027年）" in html
    # Nothing more for a normal outcome.
    assert not NoticePage.objects.filter(slug__startswith="commendation").exists()
    assert not RectificationOrder.objects.exists()
    # Logged; the unit is told.
    entry = ModelLogEntry.objects.get(action="portal.evaluation.conclude")
    assert entry.data["total"] == "80.53" and entry.data["outcome"] == "normal"
    assert entry.user_id == reviewer.pk
    told = InboxMessage.objects.get(recipient=member, event="evaluation.conclude")
    assert "80.53" in told.body and page.url in told.body
    # Concluded once.
    with pytest.raises(Refused):
        conclude(evaluation, reviewer)


def test_the_report_pdf_extracts_to_the_chinese_text_with_cjk_fonts(scored, reviewer):
    evaluation = conclude(scored, reviewer)
    data = evaluation.report_pdf.read()
    text = pdf_text(data)
    for expected in (
        "景德镇市文化广电新闻出版旅游局",
        "瑶里古窑瓷业有限公司（生产性保护示范基地）综合评估报告（2027年）",
        "第三十六条",
        "2027年全面评估",
        "证书编号：2024-JD-001",
        "总体规划落实情况2082.5016.50",  # indicator, weight, mean, weighted
        "其他工作情况1062.756.28",
        "综合得分80.53",
        "评估结果：合格。",
        "总体规划落实到位，保护措施有力。",
        "2027年3月1日",
    ):
        assert expected in text, expected
    assert "Noto-Serif-CJK-SC" in pdf_fonts(data)


def test_a_commendation_is_published_as_a_notice(scored, reviewer, client):
    evaluation = conclude(scored, reviewer, outcome="commendation")
    notice = NoticePage.objects.get(slug=f"commendation-2024-jd-001-{evaluation.pk}")
    assert (
        notice.live
        and notice.title == "关于对瑶里古窑瓷业有限公司（生产性保护示范基地）予以通报表扬的通报"
    )
    assert "80.53" in notice.body and evaluation.report_page.url in notice.body
    assert notice.title in client.get("/notices/").content.decode()
    assert "通报表扬" in client.get(evaluation.report_page.url).content.decode()
    assert ModelLogEntry.objects.filter(action="portal.evaluation.commend").exists()
    text = pdf_text(evaluation.report_pdf.read())
    assert "评估结果：通报表扬。" in text and "予以通报表扬" in text


def test_a_rectification_outcome_issues_an_order_named_in_the_report(scored, reviewer, member):
    with pytest.raises(Refused) as refused:
        conclude(scored, reviewer, outcome="rectification")
    assert len(refused.value.problems) == 2  # no items, no deadline
    evaluation = conclude(
        scored,
        reviewer,
        outcome="rectification",
        rectification_items=["补充传承人培养计划", " ", "整改展示场所消防问题"],
        rectification_deadline=datetime.date(2027, 6, 30),
    )
    order = RectificationOrder.objects.get()
    assert order.evaluation == evaluation and order.unit == evaluation.unit
    assert order.items == ["补充传承人培养计划", "整改展示场所消防问题"]
    obligation = order.obligation
    assert (obligation.kind, obligation.period, obligation.due_date) == (
        "rectification",
        None,
        datetime.date(2027, 6, 30),
    )
    assert InboxMessage.objects.filter(recipient=member, event="rectification.issue").exists()
    text = pdf_text(evaluation.report_pdf.read())
    assert "评估结果：限期整改。" in text
    assert "2027年6月30日前" in text and "补充传承人培养计划" in text


# The admin screens.


@time_machine.travel(NOW, tick=False)
def test_the_round_screens_for_the_bureau(scored, reviewer, experts, client):
    client.force_login(reviewer)
    index = client.get("/admin/evaluation_rounds/").content.decode()
    assert "2027年全面评估" in index
    inspect = client.get(f"/admin/evaluation_rounds/inspect/{scored.round_id}/").content.decode()
    assert "瑶里古窑瓷业有限公司" in inspect and "2 / 2" in inspect
    page = client.get(f"/admin/evaluation_rounds/evaluation/{scored.pk}/").content.decode()
    assert "80.53" in page and "规划纳入地方总体规划。" in page
    response = client.post(
        f"/admin/evaluation_rounds/evaluation/{scored.pk}/conclude/",
        {"outcome": "normal", "conclusion": ""},
    )
    assert response.status_code == 400
    # What follows is stated first; nothing is concluded yet.
    typed = {"outcome": "normal", "conclusion": "总体良好。"}
    url = f"/admin/evaluation_rounds/evaluation/{scored.pk}/conclude/"
    asked = client.post(url, typed)
    assert asked.status_code == 200 and "data-consequence" in asked.content.decode()
    scored.refresh_from_db()
    assert scored.status == "scoring"
    response = client.post(url, typed | {"confirmed": "True"})
    assert response.status_code == 302
    scored.refresh_from_db()
    assert scored.status == "published" and scored.total == TOTAL
    # An expert sees none of the bureau's screens.
    client.force_login(experts[0])
    assert admin_refused(client.get("/admin/evaluation_rounds/"))
    assert admin_refused(client.get(f"/admin/evaluation_rounds/evaluation/{scored.pk}/"))


@time_machine.travel(NOW, tick=False)
def test_a_round_is_opened_from_the_admin_form(due_unit, reviewer, experts, client):
    client.force_login(reviewer)
    form = client.get("/admin/evaluation_rounds/new/").content.decode()
    assert 'name="opened_on"' in form and 'value="2027-03-01"' in form
    refused = client.post(
        "/admin/evaluation_rounds/new/", {"title": "太早", "opened_on": "2026-01-01"}
    )
    assert refused.status_code == 200 and "截至2026-04-01" in refused.content.decode()
    assert not EvaluationRound.objects.exists()
    response = client.post(
        "/admin/evaluation_rounds/new/", {"title": "2027年全面评估", "opened_on": "2027-03-01"}
    )
    evaluation_round = EvaluationRound.objects.get()
    assert response.url == f"/admin/evaluation_rounds/inspect/{evaluation_round.pk}/"
    assert evaluation_round.opened_by == reviewer
    assert evaluation_round.evaluations.get().unit == due_unit
    # The expert's menu leads to the scoring list.
    client.force_login(experts[0])
    assert "/admin/evaluation_rounds/my-scoring/" in client.get("/admin/").content.decode()


def test_an_expert_scores_on_the_scoring_page_only_what_is_assigned(
    due_unit, reviewer, experts, client, site_tree
):
    with time_machine.travel(NOW, tick=False):
        evaluation = evaluation_round_open(
            user=reviewer, title="2027年全面评估", day=DAY
        ).evaluations.get()
    client.force_login(reviewer)
    response = client.post(
        f"/admin/evaluation_rounds/evaluation/{evaluation.pk}/assign/",
        {"scorers": [experts[0].pk]},
    )
    assert response.status_code == 302
    client.force_login(experts[1])
    # As for an evaluation that does not exist (the site's 404 page).
    score_url = f"/admin/evaluation_rounds/evaluation/{evaluation.pk}/score/"
    assert client.get(score_url).status_code == 404
    client.force_login(experts[0])
    listing = client.get("/admin/evaluation_rounds/my-scoring/").content.decode()
    assert "瑶里古窑瓷业有限公司" in listing
    url = f"/admin/evaluation_rounds/evaluation/{evaluation.pk}/score/"
    form = client.get(url).content.decode()
    assert form.count('name="score-') == 5 and form.count('name="comment-') == 5
    ids = dict(Indicator.objects.values_list("code", "pk"))
    typed = {f"score-{ids[code]}": value for code, value in FIRST.items()}
    typed[f"score-{ids['other']}"] = "abc"
    typed[f"comment-{ids['plan']}"] = "规划已备案。"
    refused = client.post(url, typed)
    assert refused.status_code == 400 and "规划已备案。" in refused.content.decode()
    assert not EvaluationScore.objects.exists()
    typed[f"score-{ids['other']}"] = "60"
    assert client.post(url, typed).status_code == 302
    assert EvaluationScore.objects.get(indicator_id=ids["plan"]).comment == "规划已备案。"


def test_the_indicator_snippet_refuses_weights_that_do_not_sum_to_100(db, client):
    admin = UserFactory(roles=[Role.ADMIN])
    client.force_login(admin)
    other = Indicator.objects.get(code="other")
    url = f"/admin/snippets/evaluations/indicator/edit/{other.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": "other",
            "name": "其他工作情况",
            "description": "",
            "weight": "15",
            "active": "on",
            "order": "5",
        },
    )
    assert response.status_code == 200
    assert "105" in response.content.decode()
    other.refresh_from_db()
    assert other.weight == Decimal("10.00")
    # The weights form sets the whole set at once.
    ids = dict(Indicator.objects.values_list("code", "pk"))
    weights = {"plan": "15", "management": "20", "protection": "30", "funding": "20", "other": "15"}
    data = {f"weight-{ids[c]}": w for c, w in weights.items()}
    data.update({f"active-{ids[c]}": "on" for c in weights})
    response = client.post("/admin/snippets/evaluations/indicator/weights/", data)
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.weight == Decimal("15.00")
    # Reviewers read, but do not change the set.
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    assert client.get("/admin/snippets/evaluations/indicator/").status_code == 200
    assert admin_refused(client.get(url))
    assert admin_refused(client.post("/admin/snippets/evaluations/indicator/weights/", data))


@pytest.mark.django_db(transaction=True)
def test_a_double_submission_from_two_tabs_scores_once(committed_db, site_tree):
    # Row locks are PostgreSQL's; SQLite serialises writers on its own.
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    expert = UserFactory(roles=[Role.EXPERT])
    unit = UnitFactory(code="2024-JD-001", established_on=datetime.date(2024, 3, 15))
    evaluation_due(unit, datetime.date(2027, 3, 15))
    with time_machine.travel(NOW, tick=False):
        evaluation = evaluation_round_open(
            user=reviewer, title="2027年全面评估", day=DAY
        ).evaluations.get()
    evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=[expert])

    def tab():
        evaluation_score(evaluation=evaluation, scorer=expert, scores=by_code(FIRST))
        return "scored"

    outcomes = [
        str(outcome) if isinstance(outcome, Refused) else outcome
        for outcome in run_at_once(tab, tab)
    ]
    assert sorted(outcomes) == ["scored", "你已对该评估评过分。"]
    assert EvaluationScore.objects.filter(scorer=expert).count() == 5
    assert ModelLogEntry.objects.filter(action="portal.evaluation.score").count() == 1
