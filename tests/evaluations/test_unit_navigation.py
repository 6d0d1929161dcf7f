"""A unit account finds its way by links: from sign-in and the dashboard
to its unit page, from each obligation and each overdue message to its
form; the filed plan read-only with its change screen; the rectification
report screen; acceptance saying when it opens. Others get 404."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.roles import Role
from applications.uscc import uscc_check_character
from evaluations.models import (
    FilingStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    PlanChange,
    PlanChangeStatus,
    RectificationStatus,
)
from portal.core.models import InboxMessage
from tests.evaluations.history import PDF, RECTIFY, pdf, unit_history_seed
from tests.factories import OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def history(zone):
    unit, member, reviewer = zone
    with time_machine.travel(DAY, tick=False):
        plan, order = unit_history_seed(unit=unit, member=member, reviewer=reviewer, day=DAY.date())
        yield unit, member, plan, order


def _hrefs(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_sign_in_and_the_dashboard_lead_to_the_units(client, history):
    unit, member, _plan, _order = history
    response = client.post(
        "/accounts/login/", {"username": member.username, "password": "Jdz-test-2026"}
    )
    assert response.status_code == 302 and response["Location"] == "/units/"
    assert f"/units/{unit.code}/" in _hrefs(client.get("/units/").content.decode())
    dashboard = client.get("/apply/").content.decode()
    assert "data-my-units" in dashboard and f"/units/{unit.code}/" in _hrefs(dashboard)


def test_an_applicant_without_units_still_lands_on_the_applications(client, db):
    user = UserFactory()
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "Jdz-test-2026"}
    )
    assert response["Location"] == "/apply/"
    assert "data-my-units" not in client.get("/apply/").content.decode()


def test_each_obligation_links_to_its_form(client, history):
    unit, member, _plan, order = history
    client.force_login(member)
    html = client.get(f"/units/{unit.code}/").content.decode()
    overdue = Obligation.objects.get(unit=unit, kind=ObligationKind.SELF_ASSESSMENT, period=2024)
    assert overdue.overdue_since == DAY.date()
    current = html.split('data-timeline-section="current"')[1].split("</table>")[0]
    assert f'href="/units/{unit.code}/self-assessment/2024/"' in current
    assert f'href="/units/{unit.code}/rectification/{order.pk}/"' in current
    past = html.split('data-timeline-section="past"')[1].split("</table>")[0]
    assert f'href="/units/{unit.code}/plan/"' in past
    later = html.split('data-timeline-section="next"')[1].split("</table>")[0]
    assert f'href="/units/{unit.code}/acceptance/"' in later
    for href in _hrefs(html):
        if href.startswith(f"/units/{unit.code}/"):
            assert client.get(href).status_code == 200, href


def test_the_overdue_message_links_to_the_form(history):
    unit, member, _plan, _order = history
    message = InboxMessage.objects.get(recipient=member, event="obligation.overdue")
    assert message.body.rstrip().endswith(f"/units/{unit.code}/self-assessment/2024/")
    assert re.search(rf"https?://\S+/units/{unit.code}/self-assessment/2024/", message.body)


def test_the_filed_plan_is_read_only_with_its_document(client, history):
    unit, member, plan, _order = history
    client.force_login(member)
    html = client.get(f"/units/{unit.code}/plan/").content.decode()
    assert 'data-plan-status="filed"' in html and "瑶里镇" in html
    assert 'name="document"' not in html and "<form" not in html.split("<main")[-1]
    assert f"/units/{unit.code}/plan/change/" in _hrefs(html)
    download = client.get(f"/units/{unit.code}/plan/{plan.pk}/document/")
    assert b"".join(download.streaming_content) == PDF


def _change_data(plan, **files):
    return {
        "reason": "新增核心区村落",
        "starts_on": plan.starts_on.isoformat(),
        "term_years": str(plan.term_years),
        "near_term_years": str(plan.near_term_years),
        "mid_term_years": str(plan.mid_term_years),
        "long_term_years": "",
        "core": [t.pk for t in plan.core_townships.all()],
        "document": pdf("总体规划（修订）.pdf"),
        **files,
    }


def test_a_plan_change_needs_its_evidence_and_then_awaits_the_bureau(client, history):
    unit, member, plan, _order = history
    client.force_login(member)
    page = client.get(f"/units/{unit.code}/plan/change/").content.decode()
    for name in ("reason", "consultation", "consent", "document"):
        assert f'name="{name}"' in page
    with time_machine.travel(DAY, tick=False):
        refused = client.post(
            f"/units/{unit.code}/plan/change/", _change_data(plan, consultation=pdf("征求意见.pdf"))
        )
        assert refused.status_code == 400 and 'name="consent"' in refused.content.decode()
        assert not PlanChange.objects.exists()
        blank = client.post(
            f"/units/{unit.code}/plan/change/",
            _change_data(plan, reason=" ", consultation=pdf(), consent=pdf()),
        )
        assert blank.status_code == 400 and not PlanChange.objects.exists()
        sent = client.post(
            f"/units/{unit.code}/plan/change/",
            _change_data(plan, consultation=pdf("征求意见.pdf"), consent=pdf("县政府同意.pdf")),
        )
    assert sent.status_code == 302 and sent["Location"] == f"/units/{unit.code}/plan/"
    change = PlanChange.objects.get()
    assert change.status == PlanChangeStatus.SUBMITTED and change.plan == plan
    assert change.new_plan.status == FilingStatus.SUBMITTED
    html = client.get(f"/units/{unit.code}/plan/").content.decode()
    assert 'data-plan-change="submitted"' in html
    assert f"/units/{unit.code}/plan/change/" not in _hrefs(html)


def test_the_rectification_report_screen(client, history):
    unit, member, _plan, order = history
    client.force_login(member)
    url = f"/units/{unit.code}/rectification/{order.pk}/"
    page = client.get(url).content.decode()
    assert all(item in page for item in RECTIFY) and "data-deadline" in page
    with time_machine.travel(DAY, tick=False):
        assert client.post(url, {"text": ""}).status_code == 400
        order.refresh_from_db()
        assert order.status == RectificationStatus.ORDERED
        sent = client.post(url, {"text": "防雨棚已修缮。", "report": pdf("整改报告.pdf")})
    assert sent.status_code == 302
    order.refresh_from_db()
    assert order.status == RectificationStatus.REPORTED and order.report_text == "防雨棚已修缮。"
    assert Obligation.objects.get(pk=order.obligation_id).status == ObligationStatus.SUBMITTED
    html = client.get(f"/units/{unit.code}/").content.decode()
    assert 'data-obligation="rectification" data-status="submitted"' in html
    page = client.get(url).content.decode()
    assert 'data-rectification-status="reported"' in page and 'name="text"' not in page
    assert "防雨棚已修缮。" in page


def test_acceptance_says_when_it_opens(client, history):
    unit, member, _plan, _order = history
    client.force_login(member)
    opens = Obligation.objects.get(unit=unit, kind=ObligationKind.ACCEPTANCE).due_date
    with time_machine.travel(DAY, tick=False):
        html = client.get(f"/units/{unit.code}/acceptance/").content.decode()
    assert f'data-acceptance-opens="{opens.isoformat()}"' in html and 'name="report"' not in html
    with time_machine.travel(datetime.datetime.combine(opens, datetime.time(9), SHANGHAI)):
        client.force_login(member)  # the session of two years ago has expired
        html = client.get(f"/units/{unit.code}/acceptance/").content.decode()
    assert 'name="report"' in html


def test_another_account_gets_404(client, history):
    unit, _member, plan, order = history
    other = UserFactory(roles=[Role.COUNTY_BUREAU])
    body = "91360281MA3ABCDE1"
    own = UnitFactory(
        member=other,
        organisation=OrganisationFactory(uscc=body + uscc_check_character(body), name="乐平瓷业"),
    )
    client.force_login(other)
    for path in (
        f"/units/{unit.code}/plan/",
        f"/units/{unit.code}/plan/change/",
        f"/units/{unit.code}/plan/{plan.pk}/document/",
        f"/units/{unit.code}/rectification/{order.pk}/",
        f"/units/{own.code}/rectification/{order.pk}/",
        f"/units/{own.code}/plan/{plan.pk}/document/",
    ):
        assert client.get(path).status_code == 404, path
    assert (
        client.post(f"/units/{unit.code}/rectification/{order.pk}/", {"text": "x"}).status_code
        == 404
    )
    order.refresh_from_db()
    assert order.status == RectificationStatus.ORDERED
