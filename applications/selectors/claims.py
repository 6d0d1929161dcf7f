"""Reads of organisations' claims to their codes: whose claims a county
bureau decides, who may read a business licence, and what an unconfirmed
claim means for submitting."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext as _

from ..models import AccountProfile, ClaimStatus, Organisation
from ..roles import CONFIRM_CLAIMS, may


def claims_for_user(*, user: AbstractBaseUser):
    """Returns the organisations whose claims ``user`` may see and decide:
    those of its own county for a county bureau account, every one for a
    superuser, none for anyone else (a bureau account without a county
    included)."""
    if not may(user, CONFIRM_CLAIMS):
        return Organisation.objects.none()
    organisations = Organisation.objects.select_related("county", "claim_decided_by")
    if user.is_superuser:
        return organisations
    county = (
        AccountProfile.objects.filter(user=user, county__isnull=False)
        .values_list("county_id", flat=True)
        .first()
    )
    if county is None:
        return Organisation.objects.none()
    return organisations.filter(county_id=county)


def licence_may_read(*, organisation: Organisation, user: AbstractBaseUser) -> bool:
    """Returns True if ``user`` acts for ``organisation`` or decides its
    claim; the licence is nobody else's business."""
    if not user.is_authenticated:
        return False
    if organisation.members.filter(pk=user.pk).exists():
        return True
    return claims_for_user(user=user).filter(pk=organisation.pk).exists()


def claim_problem(organisation: Organisation) -> str | None:
    """Returns why ``organisation`` may not submit yet, saying what to do,
    or None once its claim is confirmed."""
    if organisation.claim_status == ClaimStatus.CONFIRMED:
        return None
    if organisation.claim_status == ClaimStatus.REFUSED:
        return _(
            "The culture bureau of %(county)s could not confirm that you act for %(name)s "
            "(reason: %(reason)s). Upload another business licence on your applications page; "
            "you can submit once the bureau has confirmed it."
        ) % {
            "county": organisation.county.name,
            "name": organisation.name,
            "reason": organisation.claim_reason,
        }
    return _(
        "The culture bureau of %(county)s has not yet confirmed that you act for %(name)s: it "
        "checks the business licence you uploaded when you registered. You can keep editing "
        "the draft and submit once it is confirmed; you will be told by email and on your "
        "applications page."
    ) % {"county": organisation.county.name, "name": organisation.name}
