"""One place that tells people things. ``notify`` writes each message to
every channel the recipient has — the in-portal inbox, and an email in the
outbox — and logs it, inside the caller's transaction (a rolled-back change
tells nobody); a Celery task sends the email after commit, and Celery beat
sends whatever the broker did not carry. Each email goes once.

What is told is an event: each app declares its events as a
NotificationEvent enum, every member with its subject and body beside it.

Every message carries the absolute link of the page it concerns, for its
recipient (portal.core.links): kept with the inbox message, and written at
the end of the email."""

import enum
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from .links import absolute_url, notification_link
from .models import InboxMessage, OutboxEmail
from .queue import task_send

logger = logging.getLogger(__name__)


class NotificationEvent(enum.Enum):
    """The base of each app's events. A member is declared as
    ``NAME = "code", subject, body``: its value is the code kept with every
    message, and ``subject`` and ``body`` are (lazily translated) templates
    filled with the context given to ``notify`` by ``%``."""

    def __new__(cls, code: str, subject, body):
        member = object.__new__(cls)
        member._value_ = code
        member.subject = subject
        member.body = body
        return member

    def render(self, context: Mapping | None = None) -> tuple[str, str]:
        """Returns the subject and body, in the active language; the
        subject never starts or ends with blanks (a context value may)."""
        context = context or {}
        return (str(self.subject) % context).strip(), str(self.body) % context


def _with_link(body: str, link: str) -> str:
    """The email's body: the message, then the link of its page."""
    return body.rstrip() + "\n\n" + gettext("Open it on the portal: %(link)s") % {"link": link}


def _link_for(*, link: str | Mapping | None, about: models.Model, recipient) -> str:
    """``link`` when given — one for all, or by recipient's pk (a batch job
    that knows its recipients' pages spares a query per recipient) —,
    else the page portal.core.links finds for the recipient."""
    if isinstance(link, Mapping):
        link = link.get(getattr(recipient, "pk", None))
    if link:
        return absolute_url(link)
    return notification_link(about=about, recipient=recipient)


def notify(
    *,
    recipients: Iterable[AbstractBaseUser],
    event: NotificationEvent,
    about: models.Model,
    context: Mapping | None = None,
    link: str | None = None,
) -> list[str]:
    """Writes ``event``, filled with ``context``, to each active recipient's
    inbox and, when it has an address, to the email outbox, each with the
    link of the page it concerns (``link`` when given, e.g. a public
    notice; else portal.core.links finds the page of ``about`` for each
    recipient); logs one
    ``portal.notification.sent`` entry on ``about``; queues the emails once
    committed. Call it inside the transaction of the change it tells of.
    Returns the usernames reached."""
    subject, body = event.render(context)
    event = event.value
    about_type = ContentType.objects.get_for_model(about)
    reached, emails = [], []
    with transaction.atomic():
        for user in {u.pk: u for u in recipients}.values():
            if not user.is_active:
                continue
            page = _link_for(link=link, about=about, recipient=user)
            InboxMessage.objects.create(
                recipient=user,
                event=event,
                subject=subject,
                body=body,
                link=page,
                about_type=about_type,
                about_id=str(about.pk),
            )
            if user.email:
                emails.append(
                    OutboxEmail.objects.create(
                        to=user.email, subject=subject, body=_with_link(body, page), event=event
                    ).pk
                )
            reached.append(user.get_username())
        log(
            instance=about,
            action="portal.notification.sent",
            data={"event": event, "subject": subject, "recipients": reached},
        )
        if emails:
            transaction.on_commit(lambda: outbox_queue(email_ids=emails))
    return reached


@dataclass
class Message:
    """One message of a batch for notify_many."""

    recipients: list
    event: NotificationEvent
    about: models.Model
    context: Mapping = field(default_factory=dict)
    # The page, for all recipients or by recipient's pk (see _link_for).
    link: str | Mapping | None = None


def notify_many(messages: list[Message]) -> int:
    """Writes a batch of messages as ``notify`` does — inbox, email outbox,
    one ``portal.notification.sent`` log entry each — in a few bulk inserts
    whatever the batch's size (the daily obligations job tells thousands of
    units at once on its first run). Returns the number of inbox messages."""
    inbox, outbox, entries = [], [], []
    now = timezone.now()
    types = {}
    for message in messages:
        subject, body = message.event.render(message.context)
        event = message.event.value
        model = type(message.about)
        if model not in types:
            types[model] = ContentType.objects.get_for_model(model)
        reached = []
        for user in {u.pk: u for u in message.recipients}.values():
            if not user.is_active:
                continue
            page = _link_for(link=message.link, about=message.about, recipient=user)
            inbox.append(
                InboxMessage(
                    recipient=user,
                    event=event,
                    subject=subject,
                    body=body,
                    link=page,
                    about_type=types[model],
                    about_id=str(message.about.pk),
                )
            )
            if user.email:
                outbox.append(
                    OutboxEmail(
                        to=user.email, subject=subject, body=_with_link(body, page), event=event
                    )
                )
            reached.append(user.get_username())
        entries.append(
            ModelLogEntry(
                content_type=types[model],
                object_id=str(message.about.pk),
                label=str(message.about)[:255],
                action="portal.notification.sent",
                data={"event": event, "subject": subject, "recipients": reached},
                timestamp=now,
            )
        )
    with transaction.atomic():
        # No batch_size: Django sizes the batches for the backend (one INSERT
        # each on PostgreSQL), so the queries do not grow with the batch.
        InboxMessage.objects.bulk_create(inbox)
        created = OutboxEmail.objects.bulk_create(outbox)
        ModelLogEntry.objects.bulk_create(entries)
        ids = [e.pk for e in created if e.pk]
        if ids:
            transaction.on_commit(lambda: outbox_queue(email_ids=ids))
    return len(inbox)


def notify_address(
    *,
    to: str,
    event: NotificationEvent,
    about: models.Model,
    context: Mapping | None = None,
    who: str,
    link: str | None = None,
) -> None:
    """Emails someone without an account (an objector, a commenter) through
    the outbox, with the link of the public page it concerns (``link``, or
    portal.core.links's page of ``about`` for nobody in particular), and
    logs a ``portal.notification.sent`` entry on ``about`` naming ``who``
    (a role such as "objector"), never the address: the log is read by more
    staff than may see a private person's contact."""
    subject, body = event.render(context)
    event = event.value
    with transaction.atomic():
        page = _link_for(link=link, about=about, recipient=None)
        email = OutboxEmail.objects.create(
            to=to, subject=subject, body=_with_link(body, page), event=event
        )
        log(
            instance=about,
            action="portal.notification.sent",
            data={"event": event, "subject": subject, "recipients": [who]},
        )
        transaction.on_commit(lambda: outbox_queue(email_ids=[email.pk]))


def outbox_queue(*, email_ids: list[int]) -> None:
    """Hands the emails to the broker, trying once (portal.core.queue bounds
    the wait to about a second); when it is down they stay in the outbox
    for Celery beat (outbox-flush) to send later. Never raises for the
    broker: it runs after the commit of a request's change."""
    try:
        task_send("portal.core.tasks.outbox_send", args=[email_ids], kwargs={})
    except Exception:  # the broker is unreachable: the outbox keeps them
        logger.warning("broker unavailable; %d emails wait in the outbox", len(email_ids))


def outbox_send(*, email_ids: Iterable[int] | None = None, limit: int = 200) -> int:
    """Sends unsent emails (those given, or the oldest ``limit``), each under
    a row lock so that two senders never send one twice. Returns how many
    were sent."""
    sent = 0
    pending = OutboxEmail.objects.filter(sent_at__isnull=True)
    if email_ids is not None:
        pending = pending.filter(pk__in=list(email_ids))
    for pk in pending.order_by("pk").values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            email = (
                OutboxEmail.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if email is None:
                continue  # sent meanwhile, or being sent by another worker
            email.attempts += 1
            try:
                send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
            except Exception as error:  # the mail server: try again next time
                email.last_error = str(error)[:255]
                email.save(update_fields=["attempts", "last_error"])
                continue
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "sent_at"])
            sent += 1
    return sent
