"""The data migration seeding the five evaluation dimensions."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from evaluations.models import Indicator

pytestmark = pytest.mark.django_db

seed = importlib.import_module("evaluations.migrations.0002_seed_indicators")


def test_five_dimensions_weighing_100():
    indicators = list(Indicator.objects.all())
    assert [i.code for i in indicators] == ["plan", "management", "protection", "funding", "other"]
    assert sum(i.weight for i in indicators) == Decimal("100")
    assert indicators[0].name == "总体规划落实情况"


def test_an_edited_set_is_left_alone():
    Indicator.objects.filter(code="other").update(weight=Decimal("5"))
    seed.indicators_seed(apps, None)
    assert Indicator.objects.get(code="other").weight == Decimal("5")
    assert Indicator.objects.count() == 5


def test_reverse_removes_them():
    seed.indicators_remove(apps, None)
    assert not Indicator.objects.exists()
    seed.indicators_seed(apps, None)
    assert Indicator.objects.count() == 5
