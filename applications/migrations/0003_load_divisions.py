"""Loads the four counties and their townships from data/divisions.csv.

Reads the CSV frozen in this app at the time it runs; rows already present
are left alone, so running it again adds only what is missing."""

import csv
from pathlib import Path

from django.db import migrations

DIVISIONS_CSV = Path(__file__).resolve().parent.parent / "data" / "divisions.csv"


def divisions_load(apps, schema_editor):
    County = apps.get_model("applications", "County")
    Township = apps.get_model("applications", "Township")
    with DIVISIONS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            county, _ = County.objects.get_or_create(
                code=row["county_code"], defaults={"name": row["county"]}
            )
            Township.objects.get_or_create(
                county=county, name=row["township"], defaults={"kind": row["kind"]}
            )


class Migration(migrations.Migration):
    dependencies = [("applications", "0002_divisions_organisations_rules")]

    operations = [migrations.RunPython(divisions_load, migrations.RunPython.noop)]
