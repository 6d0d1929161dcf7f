"""Reads of failed sign-ins and locked accounts (django-axes' records)."""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def signin_failures():
    """Returns every recorded failed sign-in (and wrong two-step code),
    newest first."""
    return AccessFailureLog.objects.order_by("-attempt_time", "-pk")


def locked_usernames():
    """Returns the usernames axes refuses now: as many failures as
    AXES_FAILURE_LIMIT within the cool-off time (axes adds up the failures
    of every address and browser an account was tried from)."""
    recent = AccessAttempt.objects.all()
    cool_off = get_cool_off()
    if cool_off is not None:
        recent = recent.filter(attempt_time__gte=timezone.now() - cool_off)
    return (
        recent.values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values("username")
    )


def locked_attempts():
    """Returns the attempt records (one per account, address and browser)
    of the accounts locked now, newest first."""
    return AccessAttempt.objects.filter(username__in=locked_usernames()).order_by(
        "-attempt_time", "-pk"
    )
