"""Creates one group per role. Staff roles may open the Wagtail admin.

The codes are frozen here, not imported, so that this migration keeps its
meaning when applications.roles changes."""

from django.db import migrations

ROLES = ["applicant", "county_bureau", "municipal_reviewer", "expert", "portal_admin"]
ADMIN_ROLES = ["municipal_reviewer", "expert", "portal_admin"]


def roles_create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for code in ROLES:
        group, _ = Group.objects.get_or_create(name=code)
        if code in ADMIN_ROLES:
            group.permissions.add(access_admin)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
