"""evaluations 0007_verification_codes gives every unit that existed before
it a verification code of its own."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from evaluations.models.units import VERIFICATION_ALPHABET, VERIFICATION_LENGTH

BEFORE = ("evaluations", "0006_after_establishment_rules")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before(committed_db):
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    try:
        yield _migrate([BEFORE]), organisation
    finally:
        _migrate(_leaves())


def test_existing_units_are_given_distinct_codes(before):
    apps, organisation = before
    ProtectedUnit = apps.get_model("evaluations", "ProtectedUnit")
    assert "verification_code" not in {f.name for f in ProtectedUnit._meta.get_fields()}
    for n in range(1, 4):
        ProtectedUnit.objects.create(
            code=f"2019-JD-{n:03d}",
            name=f"基地{n}",
            kind="base",
            category="production",
            status="designated_base",
            organisation_id=organisation.pk,
            county_id=organisation.county_id,
            established_on=datetime.date(2019, 6, n),
        )

    apps = _migrate(_leaves())
    ProtectedUnit = apps.get_model("evaluations", "ProtectedUnit")
    codes = list(ProtectedUnit.objects.values_list("verification_code", flat=True))
    assert len(codes) == 3 and len(set(codes)) == 3
    for code in codes:
        assert len(code) == VERIFICATION_LENGTH and set(code) <= set(VERIFICATION_ALPHABET)
