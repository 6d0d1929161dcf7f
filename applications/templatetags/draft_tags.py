"""The session warning and tools shown on every step of a draft."""

from django import template
from django.conf import settings

register = template.Library()

# How long before the session ends the warning shows: two minutes, or half
# the session's age when that is shorter (a test's short session).
WARN_BEFORE_SECONDS = 120


@register.inclusion_tag("applications/includes/draft_session.html", takes_context=True)
def draft_session(context, application):
    """The idle-timeout warning with its 保持登录 (stay signed in) button,
    the notice shown when typed text is put back after signing in again,
    the link to delete the draft, and the script behind them. The session
    ends after SESSION_COOKIE_AGE idle seconds (saved on every request)."""
    age = settings.SESSION_COOKIE_AGE
    return {
        "application": application,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "session_age": age,
        "warn_before": min(WARN_BEFORE_SECONDS, age // 2),
    }
