"""Seeds the five dimensions of the comprehensive evaluation used in the
national acceptance practice of cultural ecology protection zones, with
weights that sum to 100. Admins edit them afterwards; an existing set is
left alone."""

from decimal import Decimal

from django.db import migrations

INDICATORS = [
    ("plan", "总体规划落实情况", "规划纲要和总体规划纳入地方规划、按期实施的情况。", "20"),
    ("management", "管理机构履职情况", "管理机构设置、人员配备、制度建设和履行职责的情况。", "20"),
    ("protection", "保护措施落实情况", "非物质文化遗产及其依存环境的整体性保护措施实施情况。", "30"),
    ("funding", "资金投入和使用情况", "各级财政资金及社会资金的投入、管理和使用绩效。", "20"),
    ("other", "其他工作情况", "宣传展示、人才培养、社会参与等其他工作。", "10"),
]


def indicators_seed(apps, schema_editor):
    Indicator = apps.get_model("evaluations", "Indicator")
    if Indicator.objects.exists():
        return
    for order, (code, name, description, weight) in enumerate(INDICATORS, start=1):
        Indicator.objects.create(
            code=code, name=name, description=description, weight=Decimal(weight), order=order
        )


def indicators_remove(apps, schema_editor):
    Indicator = apps.get_model("evaluations", "Indicator")
    Indicator.objects.filter(code__in=[i[0] for i in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_obligations_plans_assessments_reviews")]

    operations = [migrations.RunPython(indicators_seed, indicators_remove)]
