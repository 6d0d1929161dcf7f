"""Demo of the years after establishment: an experimental zone of the demo
county bureau established one evaluation cycle ago, whose obligations are in every
state — filed, acknowledged, under public comment, due soon and overdue —
computed from the day the demo is seeded."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import Township
from applications.selectors import rules_on
from evaluations.models import Indicator, Obligation, ObligationKind, ProtectedUnit, UnitStatus
from evaluations.services.assessments import (
    assessment_comment_open,
    assessment_decide,
    assessment_save,
)
from evaluations.services.evaluation import (
    evaluation_conclude,
    evaluation_round_open,
    evaluation_score,
    evaluation_scorers_assign,
)
from evaluations.services.obligations import obligations_generate, obligations_run
from evaluations.services.plans import plan_decide, plan_submit
from evaluations.services.rectification import rectification_order_issue
from portal.core.dates import add_years

ZONE_NAME = "【演示】浮梁县陶瓷文化生态保护实验区"
DEMO_PDF = b"%PDF-1.4\n% demo document\n%%EOF\n"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def demo_obligations_seed(
    *, county_user: AbstractBaseUser, reviewer: AbstractBaseUser
) -> ProtectedUnit | None:
    """Creates the demo zone and its history once; returns it, or None if
    it exists (or the county account has no organisation)."""
    organisation = county_user.organisations.first()
    if organisation is None or ProtectedUnit.objects.filter(name=ZONE_NAME).exists():
        return None
    today = timezone.localdate()
    rules = rules_on(day=today)
    # Established one evaluation cycle ago less three weeks: the first
    # comprehensive evaluation falls due in three weeks.
    established = add_years(today, -rules.evaluation_cycle_years) + datetime.timedelta(days=21)
    unit = ProtectedUnit.objects.create(
        code=f"{established.year}-SYQ-900",
        name=ZONE_NAME,
        kind="reserve",
        category="",
        status=UnitStatus.EXPERIMENTAL_ZONE,
        organisation=organisation,
        county=organisation.county,
        established_on=established,
        imported=True,
        tracked_from=established,
        ich_projects=[{"name": "景德镇手工制瓷技艺", "level": "国家级"}],
    )
    unit.townships.set(Township.objects.filter(county=organisation.county)[:3])
    obligations_generate(day=today, units=ProtectedUnit.objects.filter(pk=unit.pk))

    core = list(Township.objects.filter(county=organisation.county, name="瑶里镇")) or list(
        Township.objects.filter(county=organisation.county)[:1]
    )
    plan = plan_submit(
        unit=unit,
        user=county_user,
        upload=_pdf("总体规划（演示）.pdf"),
        starts_on=established + datetime.timedelta(days=200),
        term_years=rules.plan_term_years,
        phases=(
            rules.near_term_max_years,
            (rules.plan_term_years - rules.near_term_max_years + 1) // 2,
            (rules.plan_term_years - rules.near_term_max_years) // 2,
        ),
        core=core,
    )
    plan_decide(plan=plan, user=reviewer, filed=True)

    # The first year acknowledged; the next left undone (overdue); last year
    # published for public comment.
    first, last = established.year, today.year - 1
    for year in range(first, last + 1):
        if year == last:
            assessment = _assessment(unit, county_user, year)
            assessment_comment_open(assessment=assessment, user=county_user)
        elif year == first:
            assessment = _assessment(unit, county_user, year)
            assessment.status = "submitted"
            assessment.save(update_fields=["status"])
            Obligation.objects.filter(
                unit=unit, kind=ObligationKind.SELF_ASSESSMENT, period=year
            ).update(status="submitted")
            assessment_decide(assessment=assessment, user=reviewer, filed=True)
    _demo_evaluation(unit=unit, reviewer=reviewer, today=today)
    obligations_run(day=today)
    return unit


def _demo_evaluation(*, unit, reviewer, today: datetime.date) -> None:
    """A concluded evaluation of the zone with its public report, and a
    rectification under way at one of the demo bases."""
    expert = get_user_model().objects.filter(username="demo-expert").first()
    if expert is None:
        return
    round_ = evaluation_round_open(user=reviewer, title="【演示】全面评估", day=today)
    evaluation = round_.evaluations.get(unit=unit)
    evaluation_scorers_assign(evaluation=evaluation, user=reviewer, scorers=[expert])
    marks = {"plan": 90, "management": 86, "protection": 88, "funding": 82, "other": 80}
    evaluation_score(
        evaluation=evaluation,
        scorer=expert,
        scores={
            i.pk: Decimal(marks.get(i.code, 85)) for i in Indicator.objects.filter(active=True)
        },
    )
    evaluation_conclude(
        evaluation=evaluation,
        user=reviewer,
        outcome="normal",
        conclusion="【演示】总体规划实施情况良好，年度自评和公众意见处理规范。",
    )
    base = (
        ProtectedUnit.objects.filter(kind="base", approval__isnull=False).order_by("code").first()
    )
    if base is not None:
        rectification_order_issue(
            unit=base,
            user=reviewer,
            items=["【演示】完善展示场馆消防设施", "【演示】补齐传承人带徒档案"],
            deadline=today + datetime.timedelta(days=60),
        )


def _assessment(unit, user, year: int):
    return assessment_save(
        unit=unit,
        user=user,
        year=year,
        key_work=["【演示】古窑址保护与修缮", "【演示】传承人带徒授艺", "【演示】陶瓷文化进校园"],
        summary=f"【演示】{year}年度完成保护区建设重点工作，详见自评报告。",
        events=[{"name": "【演示】瑶里陶瓷文化展演周", "date": f"{year}-10-01", "place": "瑶里镇"}],
        upload=_pdf(f"{year}年度自评报告（演示）.pdf"),
    )
