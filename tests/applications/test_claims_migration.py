"""The migration of organisations' claims (applications 0017): the
organisations registered before are confirmed; those registered after
start pending; a code is held by one standing claim at a time."""

import pytest
from django.db import IntegrityError, transaction

from tests.applications import test_rule_sets_migration
from tests.evaluations.test_units_migration import _leaves

BEFORE = [("applications", "0016_abilities_rule_set_versions")]
CODE = "91350100M000100Y43"
# The database migrated back and forth, left at the newest migrations.
migrator = test_rule_sets_migration.migrator
OTHER = "91360222MA35DEM01"


def _organisation(Organisation, County, uscc, **fields):
    return Organisation.objects.create(
        uscc=uscc,
        name="瑶里古窑瓷业有限公司",
        county=County.objects.get(name="浮梁县"),
        address="瑶里镇",
        contact_name="陈",
        contact_phone="0798-1",
        contact_email="a@example.invalid",
        **fields,
    )


def test_existing_organisations_are_confirmed_and_new_ones_pending(migrator):
    from applications.uscc import uscc_check_character

    other = OTHER + uscc_check_character(OTHER)
    apps = migrator(BEFORE + [node for node in _leaves() if node[0] != "applications"])
    old = _organisation(
        apps.get_model("applications", "Organisation"),
        apps.get_model("applications", "County"),
        CODE,
    )

    apps = migrator(_leaves())
    Organisation = apps.get_model("applications", "Organisation")
    County = apps.get_model("applications", "County")
    old = Organisation.objects.get(pk=old.pk)
    assert old.claim_status == "confirmed"
    assert old.claim_decided_at == old.created_at
    assert (old.licence.name or "", old.claim_reason, old.claim_decided_by_id) == ("", "", None)

    new = _organisation(Organisation, County, other)
    assert new.claim_status == "pending"
    # A confirmed code cannot be claimed again…
    with pytest.raises(IntegrityError), transaction.atomic():
        _organisation(Organisation, County, CODE)
    # …but refused claims of it may stay on record.
    _organisation(Organisation, County, CODE, claim_status="refused")
    assert Organisation.objects.filter(uscc=CODE).count() == 2
