"""What every filing of a unit shares: who may file for it and the
obligation a filing fulfils (its files: portal.core.files.file_store and
portal.core.uploads.upload_problems, shared with the other apps)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.errors import NotAllowed, Refused

from ..models import Obligation, ObligationStatus, ProtectedUnit, UnitStatus


def unit_member_or_refuse(unit: ProtectedUnit, user: AbstractBaseUser) -> None:
    """Refuses anyone but the unit's own accounts, and a delisted unit."""
    if not unit.organisation.members.filter(pk=user.pk).exists():
        raise NotAllowed([_("Only the unit's own accounts may file for it.")])
    if unit.status == UnitStatus.DELISTED:
        raise Refused([_("The unit has been delisted.")])


def obligation_pending(unit: ProtectedUnit, kind: str, period: int | None = None):
    """Returns the unit's earliest open or submitted obligation of ``kind``
    (of ``period`` when given), locked, or None."""
    obligations = Obligation.objects.select_for_update().filter(
        unit=unit, kind=kind, status__in=[ObligationStatus.OPEN, ObligationStatus.SUBMITTED]
    )
    if period is not None:
        obligations = obligations.filter(period=period)
    return obligations.order_by("due_date").first()


def obligation_move(obligation: Obligation | None, status: str) -> None:
    """Moves ``obligation`` (if any) to ``status``, stamping when it was
    submitted or done."""
    if obligation is None:
        return
    obligation.status = status
    now = timezone.now()
    if status == ObligationStatus.SUBMITTED:
        obligation.submitted_at = now
    if status == ObligationStatus.DONE:
        obligation.done_at = now
    obligation.save(update_fields=["status", "submitted_at", "done_at"])


def obligation_locked(pk: int | None):
    """Returns the obligation ``pk``, locked, or None."""
    return Obligation.objects.select_for_update().filter(pk=pk).first()
