"""ProtectedUnit and Approval move from applications to the units app
(evaluations), which owns everything after establishment. Every row stays:
the tables are renamed, not copied, and the content types follow the models
so that audit log entries, inbox messages, search entries and permissions
keep pointing at them. Then each unit gets the link to its delisting
notice, found for units delisted before by the notice's slug."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import evaluations.models.units
import portal.core.storage

MOVED = ("protectedunit", "approval")


def _content_types_move(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        moving = ContentType.objects.filter(app_label=source, model=model)
        if moving.exists() and ContentType.objects.filter(app_label=target, model=model).exists():
            # Both exist: renaming would fail and leaving the old one would
            # orphan every log entry, message and permission on it.
            raise RuntimeError(
                f"content types {source}.{model} and {target}.{model} both exist; "
                f"move what refers to one onto the other first"
            )
        moving.update(app_label=target)


def content_types_follow(apps, schema_editor):
    _content_types_move(apps, "applications", "evaluations")


def content_types_return(apps, schema_editor):
    _content_types_move(apps, "evaluations", "applications")


def delisting_notices_link(apps, schema_editor):
    """Links each delisted unit to its notice, published with the slug
    ``delisting-<code>`` before the link existed."""
    ProtectedUnit = apps.get_model("evaluations", "ProtectedUnit")
    Page = apps.get_model("wagtailcore", "Page")
    for unit in ProtectedUnit.objects.filter(status="delisted", delisting_notice__isnull=True):
        notice = (
            Page.objects.filter(
                slug=f"delisting-{unit.code.lower()}",
                live=True,
                content_type__app_label="cms",
                content_type__model="noticepage",
            )
            .order_by("pk")
            .first()
        )
        if notice is not None:
            unit.delisting_notice = notice
            unit.save(update_fields=["delisting_notice"])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0014_unit_obligation_rules"),
        ("evaluations", "0003_obligation_status_label"),
        # Everything that refers to the old tables is made before they move.
        ("cms", "0004_evaluation_reports"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        # The models join this app's state on their old tables…
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Approval',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('document_number', models.CharField(max_length=64, verbose_name='document number')),
                        ('approved_on', models.DateField(verbose_name='approved on')),
                        ('scan', models.FileField(storage=portal.core.storage.private_storage, upload_to=evaluations.models.units.approval_scan_path, verbose_name='scan')),
                        ('scan_name', models.CharField(max_length=255, verbose_name='file name')),
                        ('scan_sha256', models.CharField(max_length=64)),
                        ('recorded_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
                        ('candidate_list', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='approvals', to='applications.candidatelist', verbose_name='candidate list')),
                        ('notice_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='announcement')),
                        ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                    ],
                    options={
                        'db_table': 'applications_approval',
                        'verbose_name': 'approval',
                        'verbose_name_plural': 'approvals',
                        'ordering': ['-approved_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ProtectedUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=16, unique=True, verbose_name='certificate number')),
                        ('name', models.CharField(max_length=255, verbose_name='name')),
                        ('kind', models.CharField(choices=[('base', 'Protection base'), ('reserve', 'Reserve sub-zone')], max_length=16, verbose_name='kind')),
                        ('category', models.CharField(blank=True, choices=[('production', 'Productive protection demonstration base'), ('transmission', 'Transmission base'), ('dissemination', 'Dissemination base'), ('research', 'Research base')], max_length=16, verbose_name='category')),
                        ('status', models.CharField(choices=[('experimental_zone', 'Cultural ecology protection experimental zone'), ('protection_zone', 'Cultural ecology protection zone'), ('designated_base', 'Designated protection base'), ('delisted', 'Delisted')], max_length=24, verbose_name='status')),
                        ('ich_projects', models.JSONField(blank=True, default=list, verbose_name='ICH projects')),
                        ('established_on', models.DateField(verbose_name='established on')),
                        ('imported', models.BooleanField(default=False, verbose_name='imported')),
                        ('tracked_from', models.DateField(blank=True, null=True, verbose_name='obligations tracked from')),
                        ('delisted_on', models.DateField(blank=True, null=True, verbose_name='delisted on')),
                        ('certificate_pdf', models.FileField(blank=True, storage=portal.core.storage.private_storage, upload_to=evaluations.models.units.certificate_path, verbose_name='certificate')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('application', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='unit', to='applications.application', verbose_name='application')),
                        ('approval', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='units', to='evaluations.approval', verbose_name='approval')),
                        ('county', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='applications.county', verbose_name='county')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='units', to='applications.organisation', verbose_name='organisation')),
                        ('townships', models.ManyToManyField(blank=True, related_name='+', to='applications.township', verbose_name='townships')),
                    ],
                    options={
                        'db_table': 'applications_protectedunit',
                        'verbose_name': 'established unit',
                        'verbose_name_plural': 'established units',
                        'ordering': ['-established_on', 'code'],
                    },
                ),
            ],
        ),
        # …which are then renamed (with the townships' table), keeping every row.
        migrations.AlterModelTable(name="approval", table=None),
        migrations.AlterModelTable(name="protectedunit", table=None),
        # The foreign keys of this app follow; in the database they already
        # point at the renamed tables.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='acceptance',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='acceptances', to='evaluations.protectedunit'),
                ),
                migrations.AlterField(
                    model_name='evaluation',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='evaluations.protectedunit'),
                ),
                migrations.AlterField(
                    model_name='masterplan',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='evaluations.protectedunit'),
                ),
                migrations.AlterField(
                    model_name='obligation',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='obligations', to='evaluations.protectedunit', verbose_name='unit'),
                ),
                migrations.AlterField(
                    model_name='rectificationorder',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='rectifications', to='evaluations.protectedunit'),
                ),
                migrations.AlterField(
                    model_name='selfassessment',
                    name='unit',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='self_assessments', to='evaluations.protectedunit'),
                ),
            ],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
        migrations.AddField(
            model_name="protectedunit",
            name="delisting_notice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.WAGTAIL_PAGE_MODEL,
                verbose_name="delisting notice",
            ),
        ),
        migrations.RunPython(delisting_notices_link, migrations.RunPython.noop),
    ]
