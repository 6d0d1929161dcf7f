"""Filters of the reviewer queue."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from .eligibility import Category
from .models import Application, County, SupplementRequest
from .workflow import State


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=State.choices)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Application._meta.get_field("kind").choices
    )
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    county = django_filters.ModelChoiceFilter(
        label=_("County"), field_name="organisation__county", queryset=County.objects.all()
    )
    overdue = django_filters.BooleanFilter(label=_("Supplement overdue"), method="filter_overdue")

    class Meta:
        model = Application
        fields = ["status", "kind", "category", "county", "overdue"]

    def filter_overdue(self, queryset, name, value):
        late = SupplementRequest.objects.filter(
            application=OuterRef("pk"),
            answered_at__isnull=True,
            expired_at__isnull=True,
            period__end_date__lt=timezone.localdate(),
        )
        return queryset.filter(Exists(late)) if value else queryset.exclude(Exists(late))
