"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest
from django.conf import settings

from cms.services import measure_import, site_tree_ensure

MEASURES_2020 = Path(settings.BASE_DIR) / "cms" / "data" / "measures-2020.md"


@pytest.fixture
def measures_2020_bytes() -> bytes:
    return MEASURES_2020.read_bytes()


@pytest.fixture
def site_tree(db):
    return site_tree_ensure()


@pytest.fixture
def measure_2020(db, measures_2020_bytes):
    """The 2020 measures, imported and published."""
    return measure_import(data=measures_2020_bytes, source=MEASURES_2020.name).page
