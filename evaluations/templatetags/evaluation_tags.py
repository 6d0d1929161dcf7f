"""The timeline of a unit's obligations, on the unit's pages and in the
admin."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.inclusion_tag("evaluations/units/_timeline.html")
def timeline(timeline: dict, links: bool = False):
    """Renders a unit_timeline() result as its three sections; with
    ``links`` (the unit's own pages) each obligation links to its form."""
    return {
        "links": links,
        "sections": [
            ("current", timeline["current"], _("Now: due within 90 days or overdue")),
            ("next", timeline["next"], _("Later")),
            ("past", timeline["past"], _("Past")),
        ],
    }
