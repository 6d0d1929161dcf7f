"""Writes of a person's inbox (the portal's messages): marking a message
read when it is opened, or all of them (the reads are in selectors)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import Http404
from django.utils import timezone

from ..models import InboxMessage


def inbox_message_open(*, user: AbstractBaseUser, pk: int) -> InboxMessage:
    """Returns ``user``'s message ``pk``, marked read now if it was unread
    (opening a message reads it). Raises Http404, changing nothing, for a
    message that is not ``user``'s."""
    message = InboxMessage.objects.filter(recipient=user, pk=pk).first()
    if message is None:
        raise Http404
    if message.read_at is None:
        message.read_at = timezone.now()
        InboxMessage.objects.filter(pk=message.pk, read_at__isnull=True).update(
            read_at=message.read_at
        )
    return message


def inbox_read_all(*, user: AbstractBaseUser) -> int:
    """Marks every unread message of ``user`` read; returns how many."""
    return InboxMessage.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
