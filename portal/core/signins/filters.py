"""Filters of the failed sign-ins and locked accounts screens."""

import django_filters
from axes.models import AccessAttempt, AccessFailureLog
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet


class SigninFilterSet(WagtailFilterSet):
    username = django_filters.CharFilter(label=_("Username"), lookup_expr="icontains")
    ip_address = django_filters.CharFilter(label=_("IP address"), lookup_expr="startswith")
    attempt_time = django_filters.DateFromToRangeFilter(
        label=_("Time"), widget=DateRangePickerWidget
    )


class SigninFailureFilterSet(SigninFilterSet):
    class Meta:
        model = AccessFailureLog
        fields = ["username", "ip_address", "attempt_time"]


class LockedAttemptFilterSet(SigninFilterSet):
    class Meta:
        model = AccessAttempt
        fields = ["username", "ip_address", "attempt_time"]
