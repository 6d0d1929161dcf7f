"""A revision of the measures that differs only in its numbers and dates:
imported with import_measures, it rules from its effective date — not
before — with no code change: eligibility, publicity windows, the live
form messages, the guide and the obligations follow it."""

import datetime
import json
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from applications.models import RuleSet
from applications.selectors import rules_index, rules_on, rules_warnings
from evaluations.schedule import unit_schedule

pytestmark = pytest.mark.django_db

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
OLD = "景文旅字〔2020〕152号"
NEW = "景文旅字〔2027〕9号"
EFFECTIVE = D(2027, 5, 1)

# What the revision changes: each number, the document number, the issue
# and effective dates. Nothing else.
CHANGES = [
    ("景文旅字〔2020〕152号, issued 2020-12-18", "景文旅字〔2027〕9号, issued 2027-03-01"),
    ("场地面积必须在 1000 平方米以上", "场地面积必须在 800 平方米以上"),
    ("从业人员必须在 30人以上", "从业人员必须在 20人以上"),
    ("副高级以上职称必须在 3 人以上", "副高级以上职称必须在 2 人以上"),
    ("整体保护两年以上", "整体保护三年以上"),
    ("公示期为二十个工作日", "公示期为十五个工作日"),
    ("设立后一年内", "设立后六个月内"),
    ("期限一般为十年", "期限一般为八年"),
    ("近期规划一般不超过五年", "近期规划一般不超过四年"),
    ("总体规划实施三年后", "总体规划实施两年后"),
    ("每三年对文化生态保护区开展一次全面评估", "每两年对文化生态保护区开展一次全面评估"),
    ("本办法试行期二年，自印发之日起施行。", "本办法试行期三年，自2027年5月1日起施行。"),
]


def revision_text() -> str:
    text = settings.MEASURES_BUNDLED_FILE.read_text(encoding="utf-8")
    for old, new in CHANGES:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def both_versions(tmp_path, measures_2020_bytes) -> tuple[str, str]:
    """Imports the 2020 measures and the revision; returns what each import
    printed."""
    first, second = tmp_path / "measures-2020.md", tmp_path / "measures-2027.md"
    first.write_bytes(measures_2020_bytes)
    second.write_text(revision_text(), encoding="utf-8")
    outputs = []
    for path in (first, second):
        out = StringIO()
        with translation.override("en"):
            call_command("import_measures", str(path), stdout=out)
        outputs.append(out.getvalue())
    return outputs[0], outputs[1]


def check(*args) -> dict:
    out = StringIO()
    call_command("check_eligibility", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_import_prints_each_number_with_its_sentence(both_versions):
    _first, printed = both_versions
    assert "800 — 第七条（六）" in printed
    assert "十五个工作日" in printed and ": 15 — 第十二条" in printed
    # 六个月内 is six months; 每两年 a two-year cycle.
    assert ": 6 — 第十三条 “文化生态保护实验区设立后六个月内" in printed
    assert ": 2 — 第三十六条 “市文旅局每两年" in printed
    assert "effective date: 2027-05-01 — 第四十三条 “本办法试行期三年，自2027年5月1日起施行。”" in (
        printed
    )
    rule_set = RuleSet.objects.get(document_number=NEW)
    assert (rule_set.min_site_area_m2, rule_set.min_staff, rule_set.min_senior_staff_research) == (
        800,
        20,
        2,
    )
    assert (
        rule_set.min_holistic_protection_years,
        rule_set.publicity_working_days,
        rule_set.master_plan_months,
        rule_set.plan_term_years,
        rule_set.near_term_max_years,
        rule_set.acceptance_after_years,
        rule_set.evaluation_cycle_years,
        rule_set.trial_period_years,
    ) == (3, 15, 6, 8, 4, 2, 2, 3)
    assert rule_set.sources["min_staff"]["article"] == "第七条（六）"
    # The import started the numbers' revision history.
    assert rule_set.revisions.count() == 1


def test_a_number_the_text_does_not_state_is_kept_and_said_so(tmp_path, both_versions):
    text = revision_text().replace(
        "市文旅局每两年对文化生态保护区开展一次全面评估，",
        "市文旅局定期对文化生态保护区开展全面评估，",
    )
    text = text.replace(NEW, "景文旅字〔2028〕1号").replace("2027年5月1日", "2028年5月1日")
    path = tmp_path / "measures-2028.md"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    with translation.override("en"):
        call_command("import_measures", str(path), stdout=out)
    assert (
        "years between comprehensive evaluations: 2 — not stated in the text (looked for in "
        "第三十六条); kept from 景文旅字〔2027〕9号"
    ) in out.getvalue()
    rule_set = RuleSet.objects.get(document_number="景文旅字〔2028〕1号")
    assert rule_set.evaluation_cycle_years == 2
    assert rule_set.sources["evaluation_cycle_years"] == {
        "stated": False,
        "article": "第三十六条",
        "sentence": "",
        "kept_from": NEW,
    }


def test_eligibility_follows_the_version_from_its_effective_date(both_versions):
    args = ["--category", "research", "--area", "900", "--staff", "25", "--senior", "2"]
    before = check(*args, "--date", "2027-04-30")
    after = check(*args, "--date", "2027-05-01")
    assert (before["measure"], before["overall"]) == (OLD, "fail")
    assert (after["measure"], after["overall"]) == (NEW, "pass")
    assert {c["code"]: c["result"] for c in before["criteria"]}["staff"] == "fail"


def test_a_date_before_the_first_version_exits_with_status_2(both_versions):
    with pytest.raises(CommandError) as info:
        check("--category", "research", "--area", "900", "--staff", "25", "--date", "2020-12-17")
    assert info.value.returncode == 2
    assert "2020-12-18" in str(info.value)
    assert (
        check("--category", "research", "--area", "1", "--staff", "1", "--date", "2020-12-18")[
            "measure"
        ]
        == OLD
    )


def test_trial_over_warns_when_no_newer_version_is_published(both_versions):
    # 2020's trial (试行期二年) ended 2022-12-18; the revision comes later.
    with translation.override("en"):
        warnings = rules_warnings(day=D(2026, 11, 30))
        assert len(warnings) == 1 and "2027-05-01" in warnings[0]
        assert check(
            "--category", "production", "--area", "1", "--staff", "1", "--date", "2026-11-30"
        )["warnings"]
        assert rules_warnings(day=D(2022, 12, 18)) == []
        # The revision's own trial (三年 from 2027-03-01) runs to 2030-03-01.
        assert rules_warnings(day=D(2029, 1, 1)) == []
        late = rules_warnings(day=D(2030, 3, 2))
        assert len(late) == 1 and "no newer version" in late[0]


def test_publicity_windows_follow_the_version_of_their_publication_day(both_versions):
    def window(day: str) -> dict:
        out = StringIO()
        call_command("publicity_window", day, stdout=out)
        return json.loads(out.getvalue())

    assert (window("2027-04-30")["working_days"], window("2027-04-30")["measure"]) == (20, OLD)
    assert (window("2027-05-06")["working_days"], window("2027-05-06")["measure"]) == (15, NEW)
    with pytest.raises(CommandError) as info:
        window("2020-12-01")
    assert info.value.returncode == 2


def test_the_live_form_messages_and_the_guide_follow_the_version(both_versions, client):
    from tests.factories import UserFactory

    user = UserFactory()
    query = "?category=production&area=900&staff=25"
    for moment, minimum, staff in (
        (datetime.datetime(2027, 4, 30, 12, tzinfo=SHANGHAI), "1000", "30"),
        (datetime.datetime(2027, 5, 1, 9, tzinfo=SHANGHAI), "800", "20"),
    ):
        with time_machine.travel(moment, tick=False):
            client.force_login(user)  # sessions expire when idle: sign in then
            judged = client.get("/apply/eligibility/" + query).json()
            messages = {c["code"]: c["message"] for c in judged["criteria"]}
            assert f" {minimum} " in messages["site_area"]
            assert f" {staff} " in messages["staff"] or f"{staff} " in messages["staff"]
            guide = client.get("/guide/").content.decode()
            conditions = guide.split("<ul data-conditions>", 1)[1].split("</ul>", 1)[0]
            assert minimum in conditions and staff in conditions


def test_obligations_fall_due_under_the_version_in_force_then(both_versions):
    rules_for = rules_index()

    def due(kind: str, established: datetime.date) -> dict:
        return {
            (d.kind, d.period): d.due_date
            for d in unit_schedule(
                kind=kind,
                established_on=established,
                tracked_from=None,
                plan_starts_on=None,
                delisted=False,
                rules_for=rules_for,
                today=D(2031, 1, 1),
            )
        }

    # Established under 2020's version: the plan is due a year later; the
    # revision's six months would fall before it took effect, so 2020's rule.
    assert due("reserve", D(2026, 6, 1))[("master_plan", 1)] == D(2027, 6, 1)
    # Established under the revision: six months.
    assert due("reserve", D(2027, 6, 1))[("master_plan", 1)] == D(2027, 12, 1)
    # 2020's three-year cycle would put it in 2029, under the revision,
    # whose two years give 2028-01-10 — when the revision is in force.
    assert due("base", D(2026, 1, 10))[("evaluation", 1)] == D(2028, 1, 10)
    # Here the revision's two years would give 2027-01-10, before it took
    # effect: 2020's three years rule.
    assert due("base", D(2025, 1, 10))[("evaluation", 1)] == D(2028, 1, 10)
    assert rules_on(day=D(2027, 4, 30)).document_number == OLD
    assert rules_on(day=EFFECTIVE).document_number == NEW


def test_bases_duties_follow_the_rule_set_per_kind(both_versions):
    # The bureau reads 第四十条 as not extending evaluations to bases, in
    # both versions.
    RuleSet.objects.update(bases_evaluated=False)
    kinds = {
        d.kind
        for d in unit_schedule(
            kind="base",
            established_on=D(2023, 3, 1),
            tracked_from=None,
            plan_starts_on=None,
            delisted=False,
            rules_for=rules_index(),
            today=D(2026, 11, 30),
        )
    }
    assert kinds == {"self_assessment"}
    reserve = {
        d.kind
        for d in unit_schedule(
            kind="reserve",
            established_on=D(2023, 3, 1),
            tracked_from=None,
            plan_starts_on=None,
            delisted=False,
            rules_for=rules_index(),
            today=D(2026, 11, 30),
        )
    }
    assert reserve == {"master_plan", "self_assessment", "evaluation"}


def test_no_literal_number_of_the_measures_in_templates_or_messages():
    """The numbers of the 2020 text, written out in words, appear in no
    template and no message (every msgid of the catalog, which `make lint`
    keeps complete)."""

    phrases = [
        "twenty working days",
        "three years",
        "within a year",
        "ten years",
        "five years",
        "two years",
        "二十个工作日",
        "1000 m²",
        "30 staff",
    ]
    base = Path(settings.BASE_DIR)
    found = []
    for folder in ("applications", "evaluations", "cms", "portal", "templates"):
        for path in (base / folder).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(base)}: {p}" for p in phrases if p in text]
    catalog = polib.pofile(str(base / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    for entry in catalog:
        found += [f"msgid {entry.msgid[:60]}: {p}" for p in phrases if p in entry.msgid]
    assert found == []
