"""What every filing of a unit shares: who may file for it, its files,
and the obligation a filing fulfils."""

import secrets

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.core.errors import NotAllowed, Refused
from portal.core.files import stored_file_save
from portal.core.uploads import sanitise_filename, validate_upload

from ..models import Obligation, ObligationStatus, ProtectedUnit, UnitStatus


def unit_member_or_refuse(unit: ProtectedUnit, user: AbstractBaseUser) -> None:
    """Refuses anyone but the unit's own accounts, and a delisted unit."""
    if not unit.organisation.members.filter(pk=user.pk).exists():
        raise NotAllowed([_("Only the unit's own accounts may file for it.")])
    if unit.status == UnitStatus.DELISTED:
        raise Refused([_("The unit has been delisted.")])


def upload_problems(upload: UploadedFile | None, *, missing: str) -> list[str]:
    """Returns why ``upload`` is refused, or ``missing`` when there is none
    (an empty ``missing``: a file is optional)."""
    if upload is None:
        return [missing] if missing else []
    try:
        validate_upload(upload)
    except ValidationError as refused:
        return list(refused.messages)
    return []


def file_store(field_file, upload: UploadedFile) -> str:
    """Stores ``upload`` in ``field_file`` under a name no one can guess and
    returns its cleaned original name. Only inside atomic_with_files(): the
    file goes again if the transaction rolls back."""
    name = sanitise_filename(upload.name)
    stored_file_save(field_file, f"{secrets.token_hex(6)}-{name}", upload)
    return name


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
