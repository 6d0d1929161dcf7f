"""``manage.py setup_site``: the page tree a new installation needs."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.services import site_tree_ensure


class Command(BaseCommand):
    help = _(
        "Creates the home page, the measures index and the notice index if they are missing, "
        "and points the default site at the home page. Safe to run again; adds no demo data."
    )

    def handle(self, *args, **options):
        tree = site_tree_ensure()
        self.stdout.write(
            _("Site tree ready: %(pages)s.")
            % {
                "pages": ", ".join(
                    p.url or p.title for p in (tree.home, tree.measure_index, tree.notice_index)
                )
            }
        )
