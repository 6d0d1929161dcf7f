"""``manage.py workflow --json``: print the declared review workflow."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from applications.workflow import declaration


class Command(BaseCommand):
    help = _("Prints the application workflow: its states and transitions with their roles.")

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help=_("print JSON (the default)"))

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(declaration(), ensure_ascii=False, indent=2))
