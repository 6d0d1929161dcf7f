"""``manage.py calendar_sync``: add the years a newer chinese-calendar holds."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.core.services import calendar_sync


class Command(BaseCommand):
    help = _(
        "Adds, as official, every year of holiday arrangements the installed chinese-calendar "
        "package holds that the calendar lacks. Never changes a year already stored."
    )

    def handle(self, *args, **options):
        added = calendar_sync()
        if added:
            self.stdout.write(_("Added: %(years)s.") % {"years": ", ".join(str(y) for y in added)})
        else:
            self.stdout.write(_("No year to add."))
