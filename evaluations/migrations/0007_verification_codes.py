# The verification code of each unit's certificate and plaque (issue 15,
# item 10): added empty, filled with a random code for every existing unit,
# then made required and unique.

import secrets

from django.db import migrations, models

import evaluations.models.units

# As evaluations.models.units at the time of this migration.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 16


def fill_codes(apps, schema_editor):
    ProtectedUnit = apps.get_model("evaluations", "ProtectedUnit")
    taken = set()
    for unit in ProtectedUnit.objects.filter(verification_code__isnull=True).only("pk"):
        code = ""
        while not code or code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        taken.add(code)
        ProtectedUnit.objects.filter(pk=unit.pk).update(verification_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0006_after_establishment_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="protectedunit",
            name="verification_code",
            field=models.CharField(
                editable=False, max_length=16, null=True, verbose_name="verification code"
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="protectedunit",
            name="verification_code",
            field=models.CharField(
                default=evaluations.models.units.verification_code_new,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="verification code",
            ),
        ),
    ]
