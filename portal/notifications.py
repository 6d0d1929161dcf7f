"""One place that tells people things: every message goes to every channel
the recipient has (email for now) and is written to the audit log."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.mail import send_mail
from django.db import models
from wagtail.log_actions import log


def notify(
    *,
    recipients: Iterable[AbstractBaseUser],
    subject: str,
    body: str,
    about: models.Model,
    event: str,
) -> list[str]:
    """Sends ``subject``/``body`` to each recipient with an email address and
    logs one ``portal.notification.sent`` entry on ``about``. Returns the
    usernames reached."""
    reached = []
    for user in {u.pk: u for u in recipients}.values():
        if user.email and user.is_active:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            reached.append(user.get_username())
    log(
        instance=about,
        action="portal.notification.sent",
        data={"event": event, "subject": subject, "recipients": reached},
    )
    return reached
