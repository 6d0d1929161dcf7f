"""A unit with history, for the tests of its own pages: an experimental
zone whose master plan is filed, whose self-assessment of the year before
is overdue (the obligations job told it so) and which has an open
rectification order. Call inside time_machine.travel(...) at ``day``."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Township
from applications.selectors import rules_on
from evaluations.models import ProtectedUnit
from evaluations.services.obligations import obligations_generate, obligations_run
from evaluations.services.plans import plan_decide, plan_submit
from evaluations.services.rectification import rectification_order_issue

PDF = b"%PDF-1.4\n%test document\n"
RECTIFY = ["修缮瑶里古窑址的防雨棚", "补齐传承人带徒记录"]


def pdf(name: str = "文件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def unit_history_seed(*, unit: ProtectedUnit, member, reviewer, day: datetime.date):
    """Files and acknowledges the unit's plan (its term starting the day
    after establishment), orders a rectification due a month after ``day``
    and runs the obligations job of ``day``. Returns (plan, order)."""
    rules = rules_on(day=unit.established_on)
    obligations_generate(day=day, units=ProtectedUnit.objects.filter(pk=unit.pk))
    plan = plan_submit(
        unit=unit,
        user=member,
        upload=pdf("总体规划.pdf"),
        starts_on=unit.established_on + datetime.timedelta(days=1),
        term_years=rules.plan_term_years,
        phases=(rules.near_term_max_years, rules.plan_term_years - rules.near_term_max_years, None),
        core=[Township.objects.get(name="瑶里镇")],
    )
    plan_decide(plan=plan, user=reviewer, filed=True)
    order = rectification_order_issue(
        unit=unit, user=reviewer, items=RECTIFY, deadline=day + datetime.timedelta(days=30)
    )
    obligations_run(day=day)
    return plan, order
