"""The bureau's decisions on what units file, and its orders, cannot be
undone: the first POST answers the page that states what follows and
changes nothing (no row, no audit entry, no message to the unit); the
confirmed POST acts; the reason is asked again where the decision needs
one; other accounts are still refused."""

import html
import re

import pytest
from wagtail.models import ModelLogEntry

from applications.roles import Role
from evaluations.models import RectificationOrder
from portal.core.models import InboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def hidden_fields(page: str) -> dict:
    form = page[page.index("data-confirm") :]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken", None)
    return {name: html.unescape(value) for name, value in fields.items()}


def asks(response, *, reason: str | None) -> dict:
    """Asserts ``response`` is the confirmation page (the reason asked
    again, filled, when ``reason`` is given) and returns what it re-posts."""
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-consequence" in page
    asked = re.search(r'<textarea[^>]*name="reason"[^>]*>\s*([^<]*)</textarea>', page)
    if reason is None:
        assert asked is None
    else:
        assert asked is not None and asked.group(1).strip() == reason
    return hidden_fields(page)


@pytest.fixture
def plan(submitted_plan):
    return submitted_plan


def plan_untouched(plan):
    plan.refresh_from_db()
    assert plan.status == "submitted" and plan.bureau_note == "" and plan.decided_by is None
    assert not ModelLogEntry.objects.filter(action__in=["portal.plan.file", "portal.plan.return"])
    assert not InboxMessage.objects.filter(event="plan.decide").exists()


def test_returning_a_plan_asks_with_the_reason_then_returns(client, zone, plan):
    _unit, _member, reviewer = zone
    InboxMessage.objects.all().delete()
    client.force_login(reviewer)
    page = client.get(f"/admin/filings/plan/{plan.pk}/").content.decode()
    # The reason is the admin's own field.
    assert 'id="decision-reason"' in page and "w-field" in page
    url = f"/admin/filings/plan/{plan.pk}/decide/"
    carried = asks(
        client.post(url, {"decision": "no", "reason": "请补充近期目标。"}),
        reason="请补充近期目标。",
    )
    assert carried == {"decision": "no", "confirmed": "True"}
    plan_untouched(plan)
    # The reason emptied on the confirmation page: the service refuses.
    client.post(url, carried | {"reason": " "})
    plan_untouched(plan)
    assert client.post(url, carried | {"reason": "请补充近期目标。"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "returned" and plan.bureau_note == "请补充近期目标。"
    assert ModelLogEntry.objects.filter(action="portal.plan.return").count() == 1
    # Twice: nothing is asked any more, nothing more recorded.
    again = client.post(url, carried | {"reason": "请补充近期目标。"})
    assert again.status_code == 302
    assert ModelLogEntry.objects.filter(action="portal.plan.return").count() == 1


def test_filing_a_plan_asks_without_a_reason_and_carries_the_note(client, zone, plan):
    _unit, _member, reviewer = zone
    InboxMessage.objects.all().delete()
    client.force_login(reviewer)
    url = f"/admin/filings/plan/{plan.pk}/decide/"
    carried = asks(client.post(url, {"decision": "yes", "reason": "同意备案。"}), reason=None)
    assert carried == {"decision": "yes", "reason": "同意备案。", "confirmed": "True"}
    plan_untouched(plan)
    assert client.post(url, carried).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "filed" and plan.bureau_note == "同意备案。"


@pytest.mark.parametrize("decision", ["", "maybe", "no\x00"])
def test_a_decision_other_than_yes_or_no_is_refused_and_returns_nothing(
    client, zone, plan, decision
):
    """Only the two buttons' values decide: anything else (none, an odd
    value, a NUL byte), even confirmed, is told and changes nothing."""
    _unit, _member, reviewer = zone
    InboxMessage.objects.all().delete()
    client.force_login(reviewer)
    url = f"/admin/filings/plan/{plan.pk}/decide/"
    data = {"decision": decision, "reason": "请补充。", "confirmed": "True"}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    plan_untouched(plan)


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.COUNTY_BUREAU, Role.EXPERT])
def test_other_accounts_cannot_decide_a_filing(client, zone, plan, role):
    InboxMessage.objects.all().delete()
    client.force_login(UserFactory(roles=[role]))
    response = client.post(
        f"/admin/filings/plan/{plan.pk}/decide/",
        {"decision": "yes", "reason": "同意。", "confirmed": "True"},
    )
    away = response.status_code == 302 and response.url.split("?")[0]
    assert response.status_code in (403, 404) or away in ("/admin/", "/admin/login/")
    plan_untouched(plan)


def test_ordering_rectification_asks_first(client, zone):
    unit, member, reviewer = zone
    InboxMessage.objects.all().delete()
    client.force_login(reviewer)
    typed = {"unit": unit.pk, "items_text": "整改展示场所\n补报材料", "deadline": "2099-06-30"}
    carried = asks(client.post("/admin/rectification_orders/new/", typed), reason=None)
    assert carried == {**{k: str(v) for k, v in typed.items()}, "confirmed": "True"}
    assert not RectificationOrder.objects.exists() and not InboxMessage.objects.exists()
    assert not ModelLogEntry.objects.filter(action="portal.rectification.issue").exists()
    # A deadline the service refuses is told on the form, not asked about.
    refused = client.post("/admin/rectification_orders/new/", typed | {"deadline": "2000-01-01"})
    assert refused.status_code == 200 and "data-consequence" not in refused.content.decode()
    assert client.post("/admin/rectification_orders/new/", carried).status_code == 302
    order = RectificationOrder.objects.get()
    assert order.items == ["整改展示场所", "补报材料"]
    assert InboxMessage.objects.filter(recipient=member).exists()
    # Other accounts: the Wagtail permission policy, before any confirmation.
    client.force_login(UserFactory(roles=[Role.EXPERT]))
    response = client.post("/admin/rectification_orders/new/", carried)
    assert response.status_code in (403, 404) or response.url == "/admin/"
    assert RectificationOrder.objects.count() == 1


def test_approving_a_change_that_lacks_its_consent_is_refused_before_asking(client, zone):
    """第三十七条: without the residents' consultation and the county's
    consent the approval is refused on the filing's page, not after a
    confirmation that promised it."""
    import datetime

    from evaluations.models import PlanChange
    from evaluations.services.plans import plan_change_request, plan_decide
    from tests.evaluations.conftest import pdf
    from tests.evaluations.test_filings import submit_plan, townships

    unit, member, reviewer = zone
    plan = submit_plan(unit, member)
    plan_decide(plan=plan, user=reviewer, filed=True)
    change = plan_change_request(
        plan=plan,
        user=member,
        reason="核心区调整",
        upload=pdf("规划修订.pdf"),
        starts_on=datetime.date(2025, 1, 1),
        term_years=10,
        phases=(4, 4, 2),
        core=townships("瑶里镇", "鹅湖镇"),
        consultation=pdf("居民意见.pdf"),
        consent=pdf("县政府同意.pdf"),
    )
    PlanChange.objects.filter(pk=change.pk).update(consent="")
    client.force_login(reviewer)
    url = f"/admin/filings/change/{change.pk}/decide/"
    response = client.post(url, {"decision": "yes", "reason": "程序完备。"}, follow=True)
    assert "data-consequence" not in response.content.decode()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    change.refresh_from_db()
    assert change.status == "submitted"
    # Refusing it still asks first.
    asks(
        client.post(url, {"decision": "no", "reason": "缺少县政府同意。"}),
        reason="缺少县政府同意。",
    )
