"""Fixtures of the applications tests."""

import pytest

from tests.factories import OrganisationFactory


@pytest.fixture
def organisation(db):
    """A registered workshop (no members yet)."""
    return OrganisationFactory()
