"""Writes of organisations' claims to their codes (统一社会信用代码): the
business licence (营业执照 or 事业单位法人证书) that backs a claim, and the
county culture bureau's confirmation or refusal. Until its claim is
confirmed an organisation drafts but does not submit (services.submission),
so registering someone else's code gains nothing and the bureau, asked by
the real organisation, refuses the claim and frees the code."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from portal.core.errors import NotAllowed, Refused
from portal.core.notifications import notify
from portal.core.uploads import sanitise_filename, validate_upload

from ..models import CLAIMS_THAT_HOLD, ClaimStatus, Organisation
from ..notifications import ApplicationEvent
from ..roles import CONFIRM_CLAIMS, require
from ..selectors import claims_for_user

# A scan or photo of one certificate; larger is not a scan of one page.
LICENCE_MAX_BYTES = 10 * 2**20
LICENCE_KINDS = ("pdf", "jpeg", "png")


def licence_validate(upload: UploadedFile) -> str:
    """Returns the kind (pdf, jpeg, png) of an acceptable licence scan.

    Raises ValidationError, saying why, for a file too large, of another
    kind (judged by its content) or misnamed."""
    if upload.size > LICENCE_MAX_BYTES:
        raise ValidationError(
            _("The licence scan may be at most %(limit)d MB; this one is %(size).1f MB.")
            % {"limit": LICENCE_MAX_BYTES // 2**20, "size": upload.size / 2**20},
            code="licence_size",
        )
    kind = validate_upload(upload)
    if kind not in LICENCE_KINDS:
        raise ValidationError(
            _("Upload the licence as a PDF, JPEG or PNG scan."), code="licence_kind"
        )
    return kind


def code_claimed_problem() -> str:
    """Returns what a newcomer is told when the code is claimed already:
    whom to ask, never who claimed it."""
    return _(
        "This code is already registered on the portal. If you act for this organisation, ask "
        "the culture bureau of its county, with the business licence: the bureau can add you to "
        "the organisation's account, or refuse a registration made without right, after which "
        "you can register here."
    )


def licence_attach(*, organisation: Organisation, upload: UploadedFile) -> None:
    """Checks ``upload`` and stores it as ``organisation``'s licence (the
    caller saves the row). Raises ValidationError for a refused file."""
    licence_validate(upload)
    name = sanitise_filename(upload.name)
    organisation.licence_name = name[:128]
    organisation.licence.save(name, upload, save=False)


def _decide(
    *, organisation: Organisation, user: AbstractBaseUser, status: str, reason: str
) -> Organisation:
    require(user, CONFIRM_CLAIMS, _("Only the county culture bureau confirms organisations."))
    if not claims_for_user(user=user).filter(pk=organisation.pk).exists():
        raise NotAllowed([_("This organisation is not in your county.")])
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.claim_status != ClaimStatus.PENDING:
        raise Refused([_("This claim has been decided already.")])
    if status == ClaimStatus.REFUSED and not reason.strip():
        raise Refused([_("Give the reason for refusing: the organisation is told it.")])
    organisation.claim_status = status
    organisation.claim_decided_by = user
    organisation.claim_decided_at = timezone.now()
    organisation.claim_reason = reason.strip() if status == ClaimStatus.REFUSED else ""
    organisation.save(
        update_fields=["claim_status", "claim_decided_by", "claim_decided_at", "claim_reason"]
    )
    confirmed = status == ClaimStatus.CONFIRMED
    log(
        instance=organisation,
        action="portal.organisation.confirm" if confirmed else "portal.organisation.refuse",
        user=user,
        data={"uscc": organisation.uscc, "reason": organisation.claim_reason},
    )
    notify(
        recipients=organisation.members.all(),
        event=ApplicationEvent.CLAIM_CONFIRMED if confirmed else ApplicationEvent.CLAIM_REFUSED,
        about=organisation,
        context={
            "name": organisation.name,
            "uscc": organisation.uscc,
            "county": organisation.county.name,
            "reason": organisation.claim_reason,
        },
    )
    return organisation


@transaction.atomic
def organisation_claim_confirm(
    *, organisation: Organisation, user: AbstractBaseUser
) -> Organisation:
    """Confirms the pending claim of an organisation of ``user``'s county:
    it may submit from now on. Logs portal.organisation.confirm and tells
    the organisation's members.

    Raises NotAllowed unless ``user`` is the bureau of its county, Refused
    for a claim decided already; changes nothing then."""
    return _decide(organisation=organisation, user=user, status=ClaimStatus.CONFIRMED, reason="")


@transaction.atomic
def organisation_claim_refuse(
    *, organisation: Organisation, user: AbstractBaseUser, reason: str
) -> Organisation:
    """Refuses the pending claim of an organisation of ``user``'s county,
    with the reason it is told; the code is free again. Logs
    portal.organisation.refuse.

    Raises NotAllowed unless ``user`` is the bureau of its county, Refused
    for a claim decided already or without a reason; changes nothing
    then."""
    return _decide(organisation=organisation, user=user, status=ClaimStatus.REFUSED, reason=reason)


@transaction.atomic
def organisation_licence_replace(
    *, organisation: Organisation, user: AbstractBaseUser, upload: UploadedFile
) -> Organisation:
    """A member of an organisation whose claim was refused uploads another
    licence: the claim is pending again. Logs portal.organisation.licence.

    Raises NotAllowed for someone who does not act for it, Refused when its
    claim is not refused or the code was claimed by another organisation
    meanwhile, ValidationError for a refused file; changes nothing then."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.members.filter(pk=user.pk).exists():
        raise NotAllowed([_("You do not act for this organisation.")])
    if organisation.claim_status != ClaimStatus.REFUSED:
        raise Refused([_("Only a refused claim takes another licence.")])
    held = Organisation.objects.filter(uscc=organisation.uscc, claim_status__in=CLAIMS_THAT_HOLD)
    if held.exists():
        raise Refused([code_claimed_problem()])
    old = organisation.licence.name
    licence_attach(organisation=organisation, upload=upload)
    organisation.claim_status = ClaimStatus.PENDING
    try:
        with transaction.atomic():
            organisation.save(update_fields=["licence", "licence_name", "claim_status"])
    except IntegrityError:  # claimed by another registration a moment ago
        organisation.licence.storage.delete(organisation.licence.name)
        raise Refused([code_claimed_problem()]) from None
    log(
        instance=organisation,
        action="portal.organisation.licence",
        user=user,
        data={"name": organisation.licence_name},
    )
    if old:
        storage = organisation.licence.storage
        transaction.on_commit(lambda: storage.delete(old))
    return organisation
