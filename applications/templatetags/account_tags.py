"""The account part of the site header: who is signed in, for which
organisation, their messages with the unread count and signing out; or
signing in and registering."""

from django import template

from portal.core.selectors import inbox_unread_count

register = template.Library()


@register.inclusion_tag("includes/account_header.html", takes_context=True)
def account_header(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"signed_in": False, "request": request}
    organisation = user.organisations.only("name").first()
    return {
        "signed_in": True,
        "request": request,
        "user": user,
        "organisation": organisation,
        "unread": inbox_unread_count(user=user),
    }
