"""Filters of the public directory of established units."""

import django_filters
from django.utils.translation import gettext_lazy as _

from applications.eligibility import Category
from applications.models import ApplicationKind, County

from .models import ProtectedUnit, UnitStatus


class UnitDirectoryFilterSet(django_filters.FilterSet):
    """Filters of the public directory of established units."""

    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ApplicationKind.choices, empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Category.choices, empty_label=_("All")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("County"), queryset=County.objects.all(), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=UnitStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = ProtectedUnit
        fields = ["kind", "category", "county", "status"]
