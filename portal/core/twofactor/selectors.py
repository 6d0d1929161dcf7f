"""Reads of staff members' second factors."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

# Who counts as staff: whoever may open the Wagtail admin (reviewers,
# experts, administrators; superusers hold every permission).
STAFF_PERMISSION = "wagtailadmin.access_admin"


def staff_member(*, user: AbstractBaseUser | None) -> bool:
    """Returns True if ``user`` is a signed-in account that may open the
    Wagtail admin."""
    return user is not None and user.is_authenticated and user.has_perm(STAFF_PERMISSION)


def totp_device(*, user: AbstractBaseUser) -> TOTPDevice | None:
    """Returns the confirmed authenticator of ``user``, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def confirmed_authenticators():
    """Returns every confirmed authenticator, with its account, by username."""
    return (
        TOTPDevice.objects.filter(confirmed=True).select_related("user").order_by("user__username")
    )


def pending_totp_device(*, user: AbstractBaseUser, device_id) -> TOTPDevice | None:
    """Returns the unconfirmed authenticator ``device_id`` (as a set-up
    form sends it) if it is ``user``'s own, else None."""
    if not str(device_id or "").isdigit():
        return None
    return TOTPDevice.objects.filter(user=user, pk=int(device_id), confirmed=False).first()


def recovery_device(*, user: AbstractBaseUser) -> StaticDevice | None:
    """Returns the recovery codes' device of ``user``, or None."""
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(*, user: AbstractBaseUser) -> int:
    """Returns how many unused recovery codes ``user`` holds."""
    device = recovery_device(user=user)
    return device.token_set.count() if device is not None else 0


def second_factor_due(*, user: AbstractBaseUser) -> str | None:
    """Returns what a signed-in request of ``user`` must do before it goes
    on: "verify" (a code for this session), "enrol" (set up an authenticator
    first) or None (nothing: not staff, already verified, or neither
    required nor set up)."""
    if not staff_member(user=user) or user.is_verified():
        return None
    if totp_device(user=user) is not None:
        return "verify"
    if settings.STAFF_TWO_FACTOR_REQUIRED:
        return "enrol"
    return None
