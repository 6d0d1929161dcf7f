"""Filters of the public directory of established units."""

import django_filters
from django.utils.translation import gettext_lazy as _

from applications.eligibility import Category
from applications.models import ApplicationKind, County

from .models import ProtectedUnit, UnitStatus
from .selectors.units import units_in_county


class UnitDirectoryFilterSet(django_filters.FilterSet):
    """Filters of the public directory of established units."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ApplicationKind.choices, empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"),
        queryset=County.objects.all(),
        empty_label=_("All"),
        method="filter_county",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=UnitStatus.choices, empty_label=_("All")
    )

    def filter_county(self, queryset, name, value):
        """A unit is found by any of its counties (a reserve may span
        several); a unit without counties recorded, by its county."""
        if not value:
            return queryset
        return units_in_county(queryset, county=value)

    class Meta:
        model = ProtectedUnit
        fields = ["kind", "category", "county", "status"]
