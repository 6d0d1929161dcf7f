"""第十八条: acceptance opens the rules' years after the plan's term
starts, so the start is checked: between the unit's establishment and the
day the plan is filed."""

import datetime

import pytest
from django.utils import timezone, translation

from applications.models import RuleSet, Township
from evaluations.models import Obligation
from evaluations.services.acceptance import acceptance_apply
from evaluations.services.plans import plan_decide, plan_submit
from portal.core.errors import Refused
from tests.evaluations.conftest import pdf

pytestmark = pytest.mark.django_db


def submit(unit, member, starts_on):
    return plan_submit(
        unit=unit,
        user=member,
        upload=pdf("总体规划.pdf"),
        starts_on=starts_on,
        phases=(5, 3, 2),
        core=[Township.objects.get(name="瑶里镇")],
    )


def test_the_start_is_between_establishment_and_filing(zone):
    unit, member, _reviewer = zone
    # Backdated before establishment (to open acceptance early).
    with pytest.raises(Refused):
        submit(unit, member, unit.established_on - datetime.timedelta(days=1))
    # After the filing day (acceptance would open late, or never).
    with pytest.raises(Refused):
        submit(unit, member, timezone.localdate() + datetime.timedelta(days=1))
    assert not unit.plans.exists()
    assert submit(unit, member, unit.established_on).starts_on == unit.established_on


def test_acceptance_opens_the_rules_years_after_the_start(zone, measure_2020):
    unit, member, reviewer = zone
    rule_set = RuleSet.objects.get(measure=measure_2020)
    rule_set.acceptance_after_years = 4
    rule_set.save()
    plan = submit(unit, member, datetime.date(2024, 6, 1))
    plan_decide(plan=plan, user=reviewer, filed=True)
    due = Obligation.objects.get(unit=unit, kind="acceptance").due_date
    assert due == datetime.date(2028, 6, 1)
    with translation.override("en"), pytest.raises(Refused) as refused:
        acceptance_apply(
            unit=unit, user=member, upload=pdf("验收报告.pdf"), today=datetime.date(2028, 5, 31)
        )
    assert "after 4 years" in str(refused.value)
