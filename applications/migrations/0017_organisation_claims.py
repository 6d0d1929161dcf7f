"""Organisations' claims to their codes (issue 13, finding 9): the claim's
status, the business licence and the county bureau's decision, and the
county bureaus' screen of claims (a proxy). The organisations registered
before are confirmed: they were registered when no proof was asked, and
locking them out of submitting would punish the real ones."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F

import applications.models.organisations
import applications.uscc
import portal.core.storage


def claims_confirm_existing(apps, schema_editor):
    """Confirms every organisation that exists now, as of its registration."""
    Organisation = apps.get_model("applications", "Organisation")
    Organisation.objects.update(claim_status="confirmed", claim_decided_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0016_abilities_rule_set_versions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganisationClaim",
            fields=[],
            options={
                "verbose_name": "organisation claim",
                "verbose_name_plural": "organisation claims",
                "proxy": True,
                "default_permissions": (),
                "indexes": [],
                "constraints": [],
            },
            bases=("applications.organisation",),
        ),
        migrations.AlterModelOptions(
            name="ability",
            options={
                "default_permissions": (),
                "managed": False,
                "permissions": [
                    ("apply", "Apply as a unit for a protection base"),
                    ("apply_for_reserve", "Apply for a reserve sub-zone (county bureaus)"),
                    ("act_for_bureau", "Act for the municipal bureau: review, publicise, decide"),
                    ("review_as_expert", "Review applications as an expert"),
                    ("score_evaluations", "Score comprehensive evaluations"),
                    (
                        "confirm_organisation",
                        "Confirm or refuse organisations' claims to their codes (county bureaus)",
                    ),
                ],
                "verbose_name": "ability",
            },
        ),
        migrations.AddField(
            model_name="organisation",
            name="claim_decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="claim decided at"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="claim_decided_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="claim decided by",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="claim_reason",
            field=models.TextField(blank=True, verbose_name="reason for refusing the claim"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="claim_status",
            field=models.CharField(
                choices=[
                    ("pending", "Awaiting the county bureau's confirmation"),
                    ("confirmed", "Confirmed by the county bureau"),
                    ("refused", "Refused by the county bureau"),
                ],
                default="pending",
                max_length=16,
                verbose_name="claim",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="licence",
            field=models.FileField(
                blank=True,
                storage=portal.core.storage.private_storage,
                upload_to=applications.models.organisations.licence_path,
                verbose_name="business licence",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="licence_name",
            field=models.CharField(blank=True, max_length=128, verbose_name="licence file name"),
        ),
        migrations.RunPython(claims_confirm_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="uscc",
            field=models.CharField(
                db_index=True,
                max_length=18,
                validators=[applications.uscc.validate_uscc],
                verbose_name="unified social credit code",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("claim_status__in", ("pending", "confirmed"))),
                fields=("uscc",),
                name="organisation_uscc_claimed_once",
                violation_error_message=(
                    "An organisation with this code is already registered on the portal."
                ),
            ),
        ),
    ]
