"""The bureau's dashboard in a real browser: a reviewer signs in to the
admin and sees the established units, the two charts, what is overdue and
what falls due; the page is saved as var/screenshots/dashboard.png."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PASSWORD = "Jdz-test-2026"

pytestmark = pytest.mark.browser


def _screenshot(page, name: str) -> Path:
    """A full-page screenshot of an admin page: the Wagtail admin scrolls
    its main panel, not the document, so the window is made as tall as the
    content first (and restored after)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    path.unlink(missing_ok=True)
    viewport = page.viewport_size
    page.wait_for_load_state("networkidle")
    height = page.evaluate(
        """() => Math.max(
            document.documentElement.scrollHeight,
            ...Array.from(document.querySelectorAll('body, main, #main, .content-wrapper'))
                .map(element => element.scrollHeight))"""
    )
    page.set_viewport_size({"width": viewport["width"], "height": max(height + 40, 720)})
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)
    assert path.is_file() and path.stat().st_size > 0
    return path


def _organisation(county: str, n: int):
    from applications.models import County

    return OrganisationFactory(
        uscc=f"91360200MA00000{n:02d}X",
        name=f"{county}陶瓷文化单位{n}",
        county=County.objects.get(name=county),
        address=county,
        contact_name="陈",
        contact_phone="0798-8888888",
        contact_email=f"unit{n}@example.invalid",
    )


def _the_zone_today(today: datetime.date, reviewer):
    """Eight units in four counties, their obligations (three due within
    90 days, one submitted, one overdue), applications at every step and
    two scored evaluations. Returns the units by a short name."""
    from applications.workflow import State
    from evaluations.models import Evaluation, EvaluationRound, Obligation, ProtectedUnit

    def unit(key, name, county, kind="base", category="", status="designated_base", years=2):
        organisation = _organisation(county, len(units) + 1)
        units[key] = ProtectedUnit.objects.create(
            code=f"2024-JD-{len(units) + 1:03d}",
            name=name,
            kind=kind,
            category=category,
            status=status,
            organisation=organisation,
            county=organisation.county,
            established_on=today - datetime.timedelta(days=365 * years),
        )

    units = {}
    unit("fuliang", "浮梁县陶瓷文化生态保护实验区", "浮梁县", "reserve", "", "experimental_zone")
    unit("leping", "乐平市陶瓷文化生态保护区", "乐平市", "reserve", "", "protection_zone", 5)
    unit("yaoli", "瑶里古窑生产性保护示范基地", "浮梁县", category="production")
    unit("zhushan", "珠山陶瓷技艺传承基地", "珠山区", category="transmission")
    unit("changjiang", "昌江陶瓷文化传播基地", "昌江区", category="dissemination")
    unit("institute", "景德镇陶瓷研究基地", "珠山区", category="research", years=4)
    unit("xianghu", "湘湖传统制瓷传承基地", "浮梁县", category="transmission", years=1)
    unit("old", "南河窑址传承基地", "昌江区", category="transmission", status="delisted")

    def owe(key, kind, period, days, status="open"):
        Obligation.objects.create(
            unit=units[key],
            kind=kind,
            period=period,
            due_date=today + datetime.timedelta(days=days),
            status=status,
        )

    owe("fuliang", "master_plan", 1, -40)  # overdue
    owe("yaoli", "self_assessment", today.year, 12)
    owe("zhushan", "self_assessment", today.year, 45, status="submitted")
    owe("institute", "evaluation", 1, 80)
    owe("changjiang", "self_assessment", today.year, 200)  # beyond 90 days
    owe("xianghu", "self_assessment", today.year - 1, -30, status="done")

    owner = UserFactory(username="dashboard-applicant")
    organisation = units["yaoli"].organisation
    pipeline = {
        State.DRAFT: 2,
        State.SUBMITTED: 4,
        State.MATERIAL_REVIEW: 3,
        State.FIELD_INSPECTION: 2,
        State.HEARING: 1,
        State.EXPERT_REVIEW: 2,
        State.REVIEWED: 1,
        State.CANDIDATE: 1,
        State.ESTABLISHED: 6,
        State.SUPPLEMENT_REQUESTED: 2,
        State.REJECTED: 1,
    }
    for status, count in pipeline.items():
        ApplicationFactory.create_batch(
            count, organisation=organisation, created_by=owner, status=status
        )

    round_ = EvaluationRound.objects.create(
        title=f"{today.year}年全面评估", opened_on=today, opened_by=reviewer
    )
    Evaluation.objects.create(
        round=round_,
        unit=units["leping"],
        total=Decimal("91.50"),
        outcome="commendation",
        status="published",
    )
    Evaluation.objects.create(round=round_, unit=units["institute"], total=Decimal("76.25"))
    return units


# committed_db: the live server's thread must see the data.
def test_the_reviewer_sees_the_dashboard(committed_db, live_server, page):
    from django.utils import timezone

    from applications.roles import Role

    reviewer = UserFactory(username="dashboard-reviewer", roles=[Role.MUNICIPAL_REVIEWER])
    units = _the_zone_today(timezone.localdate(), reviewer)

    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill("dashboard-reviewer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    counts = page.locator("#bureau-units-section")
    expect(counts).to_be_visible()
    expect(counts.get_by_role("heading", name="已设立单位")).to_be_visible()
    expect(counts.locator('[data-status="experimental_zone"] .bureau-tile__n')).to_have_text("1")
    expect(counts.locator('[data-status="designated_base"] .bureau-tile__n')).to_have_text("5")
    expect(counts.locator('[data-status="delisted"] .bureau-tile__n')).to_have_text("1")
    expect(counts.locator('[data-counts="county"] tr[data-key="360222"] td').first).to_have_text(
        "3"
    )

    for chart_id, title in (
        ("bureau-pipeline-chart", "各状态申报数（按办理顺序）"),
        ("bureau-scores-chart", "各单位最近一次全面评估得分"),
    ):
        chart = page.locator(f'[data-chart="{chart_id}"] svg')
        expect(chart).to_be_visible()
        expect(chart.locator("title").first).to_have_text(title)
        box = chart.bounding_box()
        assert box["width"] > 300 and box["height"] > 60, box
    pipeline = page.locator('[data-chart="bureau-pipeline-chart"]')
    expect(pipeline.locator("text.bureau-chart__label").first).to_have_text("草稿")
    expect(pipeline.locator("text.bureau-chart__label", has_text="已设立")).to_be_visible()
    scores = page.locator('[data-chart="bureau-scores-chart"]')
    expect(scores.locator("text.bureau-chart__value").first).to_have_text("91.50 · 通报表扬")

    overdue = page.locator("#bureau-overdue-section")
    expect(overdue.get_by_role("heading")).to_have_text("逾期未办事项（1）")
    expect(overdue.locator("tbody tr")).to_have_count(1)
    expect(overdue).to_contain_text("逾期 40 天")
    due = page.locator("#bureau-due-section")
    expect(due.locator("tbody tr")).to_have_count(3)
    expect(due.locator("tbody tr").first).to_contain_text("瑶里古窑生产性保护示范基地")
    expect(due).to_contain_text("已提交，待市文旅局办理")
    expect(due).not_to_contain_text("昌江陶瓷文化传播基地")

    _screenshot(page, "dashboard.png")

    # The table behind a chart opens, and a unit's name leads to its page.
    pipeline.locator("summary").click()
    expect(pipeline.locator("table")).to_be_visible()
    expect(pipeline.locator("table")).to_contain_text("常规流程以外")
    overdue.get_by_role("link", name="浮梁县陶瓷文化生态保护实验区").click()
    expect(page).to_have_url(re.compile(rf"/admin/units/inspect/{units['fuliang'].pk}/$"))
