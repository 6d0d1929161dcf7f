"""``manage.py seed_demo``: demo content and accounts for a development machine."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.demo.seed import demo_seed


class Command(BaseCommand):
    help = _(
        "Builds the site tree, imports the 2020 measures, adds demo notices and one demo "
        "account per role. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("run even though DEBUG is off (never on a production site)"),
        )
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help=_("give every demo account a new password and print it"),
        )

    def handle(self, *args, force: bool, reset_passwords: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "Refusing to add demo accounts and content because DEBUG is off: this looks "
                    "like a production site. Use --force only on a test machine."
                )
            )
        result = demo_seed(reset_passwords=reset_passwords)
        self.stdout.write(
            _("Site tree ready; measures %(state)s; %(count)d demo notices added.")
            % {
                "state": _("imported") if result.measure_imported else _("already imported"),
                "count": result.notices_created,
            }
        )
        if result.publicity_created:
            self.stdout.write(
                _("Demo publicity lists added: one open today, one closed and approved.")
            )
        if result.applications_created:
            self.stdout.write(
                _("%(count)d complete demo applications added in the states of the review.")
                % {"count": result.applications_created}
            )
        if result.new_credentials:
            self.stdout.write(
                self.style.WARNING(
                    _("Demo accounts (passwords are shown this once; write them down):")
                )
            )
            for username, role, password in result.new_credentials:
                self.stdout.write(f"  {username:<16}  {password:<16}  {role.label}")
        if result.existing_usernames:
            self.stdout.write(
                _(
                    "Demo accounts already exist: %(names)s. Their passwords were printed when "
                    "they were created; `make demo-passwords` sets and prints new ones."
                )
                % {"names": ", ".join(result.existing_usernames)}
            )
