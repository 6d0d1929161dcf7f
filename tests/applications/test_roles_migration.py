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
    # County bureaus open the admin since issue 13 (their county's claims),
    # granted by roles_sync rather than by the frozen first migration.
    assert set(migration.ADMIN_ROLES) | {Role.COUNTY_BUREAU.value} == {r.value for r in ADMIN_ROLES}


def test_running_it_again_changes_nothing():
    before = list(Group.objects.order_by("name").values_list("name", "permissions"))
    migration.roles_create(apps, None)
    assert list(Group.objects.order_by("name").values_list("name", "permissions")) == before


def test_staff_roles_may_edit_the_calendar_and_others_not():
    from applications.roles import ROLE_PERMISSIONS, roles_sync

    roles_sync()
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held >= set(names), role
        assert ("portal.change_calendaryear" in held) == (
            role in (Role.MUNICIPAL_REVIEWER, Role.ADMIN)
        )


def test_a_reviewer_opens_the_calendar_and_an_expert_does_not(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    assert client.get("/admin/calendar_years/edit/2025/").status_code == 200
    client.force_login(UserFactory(roles=[Role.EXPERT]))
    # As for a year that does not exist (NotFoundWhenForbidden).
    assert client.get("/admin/calendar_years/edit/2025/").status_code == 404


def test_administrators_manage_organisations_and_county_accounts(client):
    from applications.models import AccountProfile, County
    from tests.factories import UserFactory

    admin = UserFactory(roles=[Role.ADMIN])
    bureau_user = UserFactory(username="county-staff")
    client.force_login(admin)
    assert client.get("/admin/organisations/").status_code == 200
    assert client.get("/admin/organisations/?q=瑶里").status_code == 200
    county = County.objects.get(name="乐平市")
    response = client.post(
        "/admin/account_profiles/new/",
        {
            "user": bureau_user.pk,
            "county": county.code,
            "email_verified_at": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:300]
    assert AccountProfile.objects.get(user=bureau_user).county == county
    # Reviewers see neither.
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    assert client.get("/admin/organisations/").status_code in (302, 403)
