"""A signed-in person's messages (the portal's inbox): the list, newest
first, and one message, which opening marks read."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.core.selectors import inbox_for_user, inbox_unread_count
from portal.core.services.inbox import inbox_message_open, inbox_read_all

PER_PAGE = 20


@login_required
@require_GET
def message_list(request):
    """My messages: subject, date, body and the link of the page each
    concerns, newest first; the unread ones marked."""
    page = Paginator(inbox_for_user(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/messages.html",
        {"page_obj": page, "unread": inbox_unread_count(user=request.user)},
    )


@login_required
@require_GET
def message_detail(request, pk: int):
    """One message; opening it marks it read (like a mail client does)."""
    message = inbox_message_open(user=request.user, pk=pk)
    return render(request, "accounts/message.html", {"message": message})


@login_required
@require_POST
def message_read_all(request):
    """Marks every message read."""
    inbox_read_all(user=request.user)
    flash.success(request, _("All your messages are marked read."))
    return redirect("accounts:messages")
