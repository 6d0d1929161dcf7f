"""Receipt numbers: unique and without gaps per year and kind."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReceiptCounter(models.Model):
    """The last number given for one kind of application in one year.
    Incremented under a row lock (see services.receipt_number_next)."""

    kind = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="receipt_counter_unique")
        ]
        verbose_name = _("receipt counter")
        verbose_name_plural = _("receipt counters")

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}: {self.last}"
