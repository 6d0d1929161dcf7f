"""Seeds the calendar with every official arrangement the chinese-calendar
package holds (2004 on). Later years are added by ``calendar_sync`` or
entered by staff."""

from django.db import migrations


def calendar_seed(apps, schema_editor):
    from portal.core.holidays import package_arrangements, package_version

    CalendarYear = apps.get_model("portal", "CalendarYear")
    note = f"chinese-calendar {package_version()}"
    for year, (holidays, makeup) in package_arrangements().items():
        CalendarYear.objects.get_or_create(
            year=year,
            defaults={
                "status": "official",
                "holidays": holidays,
                "makeup_workdays": makeup,
                "source_note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(calendar_seed, migrations.RunPython.noop)]
