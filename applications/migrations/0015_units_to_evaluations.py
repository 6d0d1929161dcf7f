"""ProtectedUnit and Approval now belong to the units app (see
evaluations 0004): they leave this app's state, their tables stay. Each
candidate list gets the link to its publicity notice, filled in for the
lists published before from the notices that point at them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def publicity_pages_link(apps, schema_editor):
    CandidateList = apps.get_model("applications", "CandidateList")
    PublicityPage = apps.get_model("cms", "PublicityPage")
    for page in PublicityPage.objects.all():
        CandidateList.objects.filter(pk=page.candidate_list_id).update(
            publicity_page_id=page.page_ptr_id
        )


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0014_unit_obligation_rules"),
        ("evaluations", "0004_units_from_applications"),
        ("cms", "0005_evaluation_report_unit_moved"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ProtectedUnit"),
                migrations.DeleteModel(name="Approval"),
            ],
        ),
        migrations.AddField(
            model_name="candidatelist",
            name="publicity_page",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="publicity notice",
            ),
        ),
        migrations.RunPython(publicity_pages_link, migrations.RunPython.noop),
    ]
