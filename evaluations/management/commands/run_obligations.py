"""Runs the daily obligations job for a date and prints its counts as one
JSON object: {"created": …, "reminders": …, "overdue": …}."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.services.obligations import obligations_run


class Command(BaseCommand):
    help = _("Run the daily obligations job (create, remind, escalate) for a date.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help=_("YYYY-MM-DD; today (Asia/Shanghai) by default"))

    def handle(self, *args, date: str | None, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(_("Give the date as YYYY-MM-DD.")) from None
        result = obligations_run(day=day)
        self.stdout.write(json.dumps(result.as_dict()))
