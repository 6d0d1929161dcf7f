"""The data migration that loads the counties and townships."""

import csv
import importlib

import pytest
from django.apps import apps

from applications.models import County, Township

pytestmark = pytest.mark.django_db

migration = importlib.import_module("applications.migrations.0003_load_divisions")


def test_every_row_of_the_csv_is_loaded():
    with migration.DIVISIONS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 52
    assert list(County.objects.values_list("code", "name")) == [
        ("360202", "昌江区"),
        ("360203", "珠山区"),
        ("360222", "浮梁县"),
        ("360281", "乐平市"),
    ]
    assert Township.objects.count() == len(rows)
    assert Township.objects.get(name="瑶里镇").county.name == "浮梁县"
    assert Township.objects.get(name="昌江街道").kind == "街道"


def test_running_it_again_adds_nothing():
    before = Township.objects.count()
    migration.divisions_load(apps, None)
    assert Township.objects.count() == before
