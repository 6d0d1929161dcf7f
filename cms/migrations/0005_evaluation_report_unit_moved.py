"""The evaluation report's unit is now evaluations.ProtectedUnit (the same
table, renamed): a change of the state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("cms", "0004_evaluation_reports"),
        ("evaluations", "0004_units_from_applications"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="evaluationreportpage",
                    name="unit",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="evaluations.protectedunit",
                        verbose_name="unit",
                    ),
                ),
            ],
        ),
    ]
