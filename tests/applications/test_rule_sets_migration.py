"""The data migration that gives every version of the measures its rule
set and moves the publicity rule onto it (applications 0016, then cms
0006 drops the page's fields), run on a database seeded before it."""

import datetime

import pytest

from tests.evaluations.test_units_migration import _leaves, _migrate, _page

BEFORE = [
    ("applications", "0015_units_to_evaluations"),
    ("cms", "0005_evaluation_report_unit_moved"),
]


@pytest.fixture
def migrator(committed_db):
    """Migrates the real test database back and forth, and leaves it at the
    newest migrations."""
    from django.contrib.contenttypes.models import ContentType

    try:
        yield _migrate
    finally:
        _migrate(_leaves())
        ContentType.objects.clear_cache()


def _before_targets():
    return BEFORE + [node for node in _leaves() if node[0] not in {"applications", "cms"}]


def test_every_version_gets_its_rule_set_with_its_facts_and_publicity_rule(migrator):
    apps = migrator(_before_targets())
    MeasurePage = apps.get_model("cms", "MeasurePage")
    RuleSet = apps.get_model("applications", "RuleSet")
    body = "[]"
    with_rules = _page(
        apps,
        MeasurePage,
        segment="0101",
        slug="2020-152",
        title="管理办法（试行）",
        document_number="景文旅字〔2020〕152号",
        issuing_body="景德镇市文化广电新闻出版旅游局",
        issue_date=datetime.date(2020, 12, 18),
        effective_date=datetime.date(2020, 12, 18),
        trial_period_years=2,
        status="superseded",
        publicity_working_days=20,
        publicity_first_day="same_day",
        body=body,
    )
    without = _page(
        apps,
        MeasurePage,
        segment="0102",
        slug="2026-9",
        title="管理办法",
        document_number="景文旅字〔2026〕9号",
        issuing_body="景德镇市文化广电新闻出版旅游局",
        issue_date=datetime.date(2026, 1, 5),
        effective_date=datetime.date(2026, 2, 1),
        trial_period_years=None,
        status="in_force",
        publicity_working_days=15,
        publicity_first_day="next_day",
        body=body,
    )
    # Withdrawn from the site: its rule set rules no day.
    MeasurePage.objects.filter(pk=without.pk).update(live=False)
    # The first version's numbers were edited by staff before the move.
    RuleSet.objects.create(measure_id=with_rules.pk, min_site_area_m2="900", min_staff=25)

    apps = migrator(_leaves())
    RuleSet = apps.get_model("applications", "RuleSet")
    MeasurePage = apps.get_model("cms", "MeasurePage")
    assert {f.name for f in MeasurePage._meta.get_fields()}.isdisjoint(
        {"publicity_working_days", "publicity_first_day"}
    )
    first = RuleSet.objects.get(measure_id=with_rules.pk)
    assert (first.min_site_area_m2, first.min_staff) == (900, 25)  # kept
    assert (first.title, first.document_number) == ("管理办法（试行）", "景文旅字〔2020〕152号")
    assert (first.issue_date, first.effective_date, first.trial_period_years) == (
        datetime.date(2020, 12, 18),
        datetime.date(2020, 12, 18),
        2,
    )
    assert (first.publicity_working_days, first.publicity_first_day, first.published) == (
        20,
        "same_day",
        True,
    )
    second = RuleSet.objects.get(measure_id=without.pk)
    assert (second.min_site_area_m2, second.min_staff) == (1000, 30)  # the defaults
    assert (second.publicity_working_days, second.publicity_first_day) == (15, "next_day")
    assert second.published is False and second.effective_date == datetime.date(2026, 2, 1)
    assert RuleSet.objects.count() == 2


@pytest.mark.usefixtures("migrator")
def test_the_rules_source_reads_the_migrated_rule_sets(measure_2020):
    """After the migrations, the one rules source answers from the rule set
    of the version in force."""
    from applications.selectors import rules_on

    rules = rules_on(day=datetime.date(2025, 9, 22))
    assert rules.measure_id == measure_2020.pk
    assert rules.document_number == measure_2020.document_number
    assert (rules.publicity_working_days, rules.publicity_first_day) == (20, "same_day")
    assert rules.trial_end == datetime.date(2022, 12, 18)
