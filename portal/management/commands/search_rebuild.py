"""``manage.py search_rebuild``: index every searchable page and object again."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from portal.search.services import search_entries_rebuild


class Command(BaseCommand):
    help = _(
        "Empties the site search index and indexes every live public page and every "
        "object of the other searchable models again. Safe to run at any time."
    )

    def handle(self, *args, **options):
        count = search_entries_rebuild()
        self.stdout.write(_("Search index rebuilt: %(count)d entries.") % {"count": count})
