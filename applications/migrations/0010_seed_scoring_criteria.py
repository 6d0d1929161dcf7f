"""Seeds the scoring criteria experts use, per kind of application. Admins
change criteria, weights and maxima afterwards; rows present are left
alone."""

from django.db import migrations

CRITERIA = {
    "base": [
        ("transmission", "核心技艺的本真性与传承（第七条（一）（二））", "0.30", 10),
        ("safeguarding", "抢救保护与记录整理（第七条（三））", "0.20", 10),
        ("site_staff", "场地与从业人员（第七条（六））", "0.15", 10),
        ("dissemination", "参与展示、传播、教育活动（第七条（四））", "0.15", 10),
        ("benefits", "社会效益和经济效益（第七条（五））", "0.20", 10),
    ],
    "reserve": [
        ("heritage", "文化积淀与特色（第五条（一）（二））", "0.20", 10),
        ("transmission", "传承活力与民众参与（第五条（三）（五））", "0.20", 10),
        ("environment", "实物、场所与生态环境（第五条（四）（六））", "0.20", 10),
        ("management", "管理机构与整体保护成效（第五条（八）（九））", "0.20", 10),
        ("outline", "规划纲要质量（第九条）", "0.20", 10),
    ],
}


def criteria_seed(apps, schema_editor):
    ScoringCriterion = apps.get_model("applications", "ScoringCriterion")
    for kind, rows in CRITERIA.items():
        for order, (code, label, weight, maximum) in enumerate(rows):
            ScoringCriterion.objects.get_or_create(
                kind=kind, category="", code=code,
                defaults={"label": label, "weight": weight, "max_score": maximum,
                          "sort_order": order},
            )


class Migration(migrations.Migration):
    dependencies = [("applications", "0009_experts")]

    operations = [migrations.RunPython(criteria_seed, migrations.RunPython.noop)]
