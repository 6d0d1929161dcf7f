"""The bureau's journey by clicking alone (issue 16): a municipal reviewer
opens /admin/, signs in on the form, finds on the dashboard a unit whose
self-assessment is overdue, clicks through to the unit and orders a
rectification from its page. Labels are matched in either language (the
Chinese of new strings comes at merge) or by data attributes."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser
PASSWORD = "Jdz-test-2026"


def test_a_reviewer_orders_a_rectification_from_an_overdue_item(committed_db, live_server, page):
    from django.utils import timezone

    from applications.roles import Role
    from evaluations.models import Obligation, RectificationOrder
    from tests.factories import UnitFactory, UserFactory

    today = timezone.localdate()
    reviewer = UserFactory(username="bureau-reviewer", roles=[Role.MUNICIPAL_REVIEWER])
    unit = UnitFactory(
        name="湖田古窑生产性保护基地", established_on=today - datetime.timedelta(days=1000)
    )
    Obligation.objects.create(
        unit=unit,
        kind="self_assessment",
        period=today.year - 1,
        due_date=today - datetime.timedelta(days=20),
    )

    # Wagtail fades its messages in (0.5 s): axe, run at once after each
    # step, would judge the colours half-faded. Judged as they settle.
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " const s = document.createElement('style');"
        " s.textContent = '*, *::before, *::after { transition: none !important; }';"
        " document.head.appendChild(s); });"
    )
    journey = Journey(page, live_server.url, "bureau")
    journey.start("/admin/")
    journey.fill(re.compile("用户名|Username"), "bureau-reviewer")
    journey.fill(re.compile("密码|Password"), PASSWORD)
    journey.click_button(re.compile("^(登录|Sign in)$"))
    expect(page).to_have_url(re.compile(r"/admin/$"))

    overdue = page.locator("#bureau-overdue-section")
    expect(overdue.locator("tbody tr")).to_have_count(1)
    journey.click(overdue.get_by_role("link", name=unit.name), "overdue item")
    expect(page).to_have_url(re.compile(rf"/admin/units/inspect/{unit.pk}/$"))

    journey.click(page.locator("[data-order-rectification]"), "order a rectification")
    expect(page.locator("#id_unit")).to_have_value(str(unit.pk))
    journey.fill(re.compile("整改事项|Things to rectify"), "按期提交年度自评报告\n补报逾期材料")
    deadline = today + datetime.timedelta(days=30)
    journey.fill(re.compile("整改期限|[Dd]eadline"), deadline.isoformat())
    journey.click(page.locator("main form button[type=submit]").last, "issue the order")
    # An order cannot be withdrawn: its page says what follows, nothing is issued yet.
    expect(page.locator("[data-consequence]")).to_be_visible()
    assert not RectificationOrder.objects.filter(unit=unit).exists()
    journey.click(page.locator("form[data-confirm] button[type=submit]"), "confirm the order")

    order = RectificationOrder.objects.get(unit=unit)
    assert order.issued_by == reviewer and order.deadline == deadline
    assert order.items == ["按期提交年度自评报告", "补报逾期材料"]
    expect(page).to_have_url(re.compile(rf"/admin/rectification_orders/inspect/{order.pk}/$"))
    assert len(journey.steps) == 6, journey
