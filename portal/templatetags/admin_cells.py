"""How the admin shows a value (issue 16): "—" for an empty one (never
"None"), one date format in every listing and inspect view — Y-m-d for a
day, Y-m-d H:i (Asia/Shanghai) for a moment — and no relative times
("6 minutes ago"), which were wrong for rows made later than their dates."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import localize

register = template.Library()

EMPTY = "—"


@register.filter
def admin_value(value):
    """The text of ``value`` in an admin cell or inspect field."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return localize(value)
