"""Eligibility on 第七条（六） and 第五条（九）: the boundaries, worked by hand."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from applications.eligibility import base_eligibility, holistic_protection_criterion
from applications.models import Rules


def results(judgement) -> dict[str, str]:
    return {c.code: c.result for c in judgement.criteria}


def judge(category="production", area="1000", staff=30, senior=0, **flags):
    return base_eligibility(
        category=category,
        site_area_m2=Decimal(area),
        staff=staff,
        senior_staff=senior,
        rules=Rules.defaults(),
        **flags,
    )


def test_exactly_the_threshold_passes():
    # "以上" includes the number: 1000 m² and 30 staff pass.
    judgement = judge(area="1000", staff=30)
    assert judgement.overall == "pass"
    assert results(judgement)["site_area"] == "pass"
    assert results(judgement)["staff"] == "pass"


def test_just_below_the_area_fails_with_the_article():
    judgement = judge(area="999.9")
    assert judgement.overall == "fail"
    [failure] = judgement.failures()
    assert failure.code == "site_area"
    assert failure.message == "场地面积 999.9 平方米，低于第七条（六）要求的 1000 平方米以上"


def test_29_staff_fail():
    judgement = judge(staff=29)
    assert [c.code for c in judgement.failures()] == ["staff"]
    assert "29" in judgement.failures()[0].message


def test_a_research_base_needs_three_senior_staff():
    assert judge("research", senior=3).overall == "pass"
    judgement = judge("research", senior=2)
    assert [c.code for c in judgement.failures()] == ["senior_staff"]


def test_other_categories_need_no_senior_staff():
    for category in ("production", "transmission", "dissemination"):
        judgement = judge(category, senior=0)
        assert judgement.overall == "pass"
        assert "senior_staff" not in results(judgement)


def test_a_special_project_below_the_threshold_goes_to_relaxation_review():
    judgement = judge(area="600", staff=12, special=True)
    assert judgement.overall == "needs_relaxation_review"
    assert results(judgement)["site_area"] == "needs_relaxation_review"
    assert results(judgement)["staff"] == "needs_relaxation_review"
    assert judge(area="600", endangered=True).overall == "needs_relaxation_review"


def test_qualitative_conditions_are_left_to_reviewers():
    judgement = judge()
    qualitative = [c for c in judgement.criteria if c.result == "reviewer_judgement"]
    assert [c.code for c in qualitative] == [
        "authenticity",
        "inheritors",
        "safeguarding",
        "participation",
        "benefits",
    ]
    assert qualitative[0].message.startswith("第七条（一）")


def test_rules_come_from_the_version():
    rules = Rules.defaults(min_site_area_m2=Decimal("800"), min_staff=20)
    judgement = base_eligibility(
        category="production",
        site_area_m2=Decimal("800"),
        staff=20,
        senior_staff=0,
        rules=rules,
    )
    assert judgement.overall == "pass"


@pytest.mark.parametrize(
    ("since", "applied", "result"),
    [
        (datetime.date(2024, 3, 1), datetime.date(2026, 3, 1), "pass"),  # exactly two years
        (datetime.date(2024, 3, 1), datetime.date(2026, 2, 28), "fail"),  # one day less
        (datetime.date(2024, 2, 29), datetime.date(2026, 2, 28), "pass"),  # leap day
    ],
)
def test_holistic_protection_two_years(since, applied, result):
    criterion = holistic_protection_criterion(
        since=since, applied_on=applied, rules=Rules.defaults()
    )
    assert criterion.result == result
    if result == "fail":
        assert "2026-03-01" in criterion.message
        assert "第五条（九）" in criterion.message


@pytest.mark.django_db
def test_check_eligibility_prints_json():
    out = StringIO()
    call_command(
        "check_eligibility",
        "--category",
        "research",
        "--area",
        "1000",
        "--staff",
        "30",
        "--senior",
        "2",
        "--date",
        "2026-11-28",
        stdout=out,
    )
    result = json.loads(out.getvalue())
    assert result["overall"] == "fail"
    assert {c["code"]: c["result"] for c in result["criteria"]}["senior_staff"] == "fail"
    out = StringIO()
    call_command(
        "check_eligibility",
        "--category",
        "transmission",
        "--area",
        "950",
        "--staff",
        "30",
        "--special",
        stdout=out,
    )
    assert json.loads(out.getvalue())["overall"] == "needs_relaxation_review"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--category", "museum", "--area", "1", "--staff", "1"], "--category"),
        (["--category", "research", "--area", "大", "--staff", "1"], "--area"),
        (["--category", "research", "--area", "1", "--staff", "-3"], "--staff"),
        (
            ["--category", "research", "--area", "1", "--staff", "3", "--date", "2026-13-01"],
            "--date",
        ),
    ],
)
def test_check_eligibility_bad_arguments_exit_2(args, message):
    with pytest.raises(CommandError) as info:
        call_command("check_eligibility", *args, stdout=StringIO())
    assert info.value.returncode == 2
    assert message in str(info.value)


@pytest.mark.django_db
def test_rules_follow_the_rule_set_of_the_version_in_force(measure_2020, client):
    from applications.models import RuleSet
    from applications.selectors import NoMeasuresInForce, rules_in_force, rules_on
    from tests.factories import UserFactory

    # Importing the version gave it its rule set, with the numbers of 2020.
    assert rules_on(day=datetime.date(2026, 1, 1)).min_site_area_m2 == Decimal("1000")
    rule_set = RuleSet.objects.get(measure=measure_2020)
    rule_set.min_site_area_m2 = Decimal("900")
    rule_set.save()
    rule_set.save_revision()
    assert rules_on(day=datetime.date(2026, 1, 1)).min_site_area_m2 == Decimal("900")
    # Before the measures took effect no version is in force: a judgement
    # of that day is refused, while units established before them follow
    # the first version (第三十九条–第四十条).
    with pytest.raises(NoMeasuresInForce):
        rules_in_force(day=datetime.date(2020, 1, 1))
    assert rules_on(day=datetime.date(2020, 1, 1)).min_site_area_m2 == Decimal("900")

    client.force_login(UserFactory(is_superuser=True))
    edit = client.get(f"/admin/snippets/applications/ruleset/edit/{rule_set.pk}/")
    assert edit.status_code == 200
    history = client.get(f"/admin/snippets/applications/ruleset/history/{rule_set.pk}/")
    assert history.status_code == 200
