"""第十六条: the plan's term and near term are "generally" the rules'
(一般): the defaults come from the rules in force, other values are taken
with a written reason (stored and shown to the bureau), and the phases
after the near term are optional."""

import datetime

import pytest

from applications.models import RuleSet, Township
from evaluations.services.plans import plan_submit
from portal.core.errors import Refused
from tests.evaluations.conftest import pdf

pytestmark = pytest.mark.django_db


def submit(unit, member, **overrides):
    values = {
        "unit": unit,
        "user": member,
        "upload": pdf("总体规划.pdf"),
        "starts_on": datetime.date(2025, 1, 1),
        "core": [Township.objects.get(name="瑶里镇")],
    } | overrides
    return plan_submit(**values)


def test_the_default_term_comes_from_the_rules_and_other_terms_need_a_reason(
    zone, measure_2020, client
):
    unit, member, reviewer = zone
    rule_set = RuleSet.objects.get(measure=measure_2020)
    rule_set.plan_term_years, rule_set.near_term_max_years = 8, 4
    rule_set.save()
    # The near term longer than the rules' without a reason is refused...
    with pytest.raises(Refused):
        submit(unit, member, phases=(5, None, None))
    # ... another term too.
    with pytest.raises(Refused):
        submit(unit, member, term_years=12, phases=(4, 4, 4))
    assert not unit.plans.exists()
    # The rules' term by default, and no mid or long term needed.
    plan = submit(unit, member, phases=(4, None, None))
    assert plan.term_years == 8
    assert plan.mid_term_years is None and plan.long_term_years is None
    plan.delete()
    # With a reason, another term and a longer near term are taken.
    plan = submit(
        unit, member, term_years=12, phases=(6, 6, None), term_reason="与国土空间规划期限衔接"
    )
    plan.refresh_from_db()
    assert (plan.term_years, plan.near_term_years, plan.term_reason) == (
        12,
        6,
        "与国土空间规划期限衔接",
    )
    client.force_login(reviewer)
    page = client.get(f"/admin/filings/plan/{plan.pk}/").content.decode()
    assert "与国土空间规划期限衔接" in page


def test_the_plan_form_offers_the_rules_and_optional_phases(zone, measure_2020, client):
    unit, member, _reviewer = zone
    rule_set = RuleSet.objects.get(measure=measure_2020)
    rule_set.plan_term_years, rule_set.near_term_max_years = 8, 4
    rule_set.save()
    client.force_login(member)
    page = client.get(f"/en/units/{unit.code}/plan/").content.decode()
    assert 'name="term_years" value="8"' in page
    assert "generally 8 years" in page and "at most 4 years" in page
    township = Township.objects.get(name="瑶里镇")
    response = client.post(
        f"/en/units/{unit.code}/plan/",
        {
            "document": pdf("总体规划.pdf"),
            "starts_on": "2025-01-01",
            "term_years": "9",
            "near_term_years": "4",
            "term_reason": "县政府要求",
            "core": [township.pk],
        },
    )
    assert response.status_code == 302
    plan = unit.plans.get()
    assert (plan.term_years, plan.term_reason, plan.mid_term_years) == (9, "县政府要求", None)
