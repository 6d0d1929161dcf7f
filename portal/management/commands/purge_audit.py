"""``manage.py purge_audit --older-than DAYS``: delete old audit entries."""

import datetime

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, PageLogEntry


class Command(BaseCommand):
    help = _(
        "Deletes audit entries (admin actions, sign-ins, sign-outs and failures) older than "
        "the given number of days. Entries younger than AUDIT_RETENTION_DAYS (six months) are "
        "never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS")
        parser.add_argument("--dry-run", action="store_true", help=_("only count"))

    def handle(self, *args, older_than: int, dry_run: bool, **options):
        floor = settings.AUDIT_RETENTION_DAYS
        if older_than < floor:
            raise CommandError(
                _(
                    "Audit entries are kept at least %(floor)d days; --older-than %(days)d would "
                    "delete younger ones."
                )
                % {"floor": floor, "days": older_than},
                returncode=2,
            )
        cutoff = timezone.now() - datetime.timedelta(days=older_than)
        counts = {}
        with transaction.atomic():
            for label, queryset in self._querysets(cutoff):
                counts[label] = queryset.count() if dry_run else queryset.delete()[0]
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")

    @staticmethod
    def _querysets(cutoff):
        return [
            ("wagtail.ModelLogEntry", ModelLogEntry.objects.filter(timestamp__lt=cutoff)),
            ("wagtail.PageLogEntry", PageLogEntry.objects.filter(timestamp__lt=cutoff)),
            ("axes.AccessLog", AccessLog.objects.filter(attempt_time__lt=cutoff)),
            ("axes.AccessFailureLog", AccessFailureLog.objects.filter(attempt_time__lt=cutoff)),
        ]
