"""Messages to people: the in-portal inbox, and the outbox of emails that a
broker outage cannot lose."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class InboxMessage(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox"
    )
    event = models.CharField(_("event"), max_length=64)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    # The absolute link of the page the message concerns, for its recipient.
    link = models.URLField(_("link"), max_length=500, blank=True)
    about_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    about_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")

    def __str__(self) -> str:
        return self.subject

    @property
    def href(self) -> str:
        """The link for the portal's own pages: a link on the portal's base
        URL becomes a path, so it stays on the host the page was served
        from; an outside link stays whole."""
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        if self.link.startswith(base + "/"):
            return self.link[len(base) :]
        return self.link


class OutboxEmail(models.Model):
    """An email to send. Written in the same transaction as the change it
    tells of; sent by a Celery task, and by Celery beat for any the broker
    did not carry, each exactly once (sent_at, under a row lock)."""

    to = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()
    event = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]
        verbose_name = _("outbox email")
        verbose_name_plural = _("outbox emails")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
