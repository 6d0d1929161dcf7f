"""The data migration that creates one group per role."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from applications.roles import ADMIN_ROLES, Role

pytestmark = pytest.mark.django_db

migration = importlib.import_module("applications.migrations.0001_roles")


def test_every_role_has_a_group_and_only_staff_open_the_admin():
    for role in Role:
        group = Group.objects.get(name=role)
        can_open_admin = group.permissions.filter(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ).exists()
        assert can_open_admin == (role in ADMIN_ROLES), role


def test_the_frozen_codes_match_the_roles():
    assert set(migration.ROLES) == {r.value for r in Role}
    assert set(migration.ADMIN_ROLES) == {r.value for r in ADMIN_ROLES}


def test_running_it_again_changes_nothing():
    before = list(Group.objects.order_by("name").values_list("name", "permissions"))
    migration.roles_create(apps, None)
    assert list(Group.objects.order_by("name").values_list("name", "permissions")) == before
