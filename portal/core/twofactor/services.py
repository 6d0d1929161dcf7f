"""Writes of staff members' second factors: setting up an authenticator,
checking a code, and an administrator's reset. Each change is on the audit
log (``portal.twofactor.*``)."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

from ..audit import audit_subject
from ..errors import NotAllowed, Refused
from .selectors import recovery_device, totp_device

# Who may reset another staff member's second factor.
RESET_PERMISSION = "otp_totp.delete_totpdevice"
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def code_normalise(code: str) -> str:
    """Returns ``code`` as the devices store it: no spaces or hyphens (apps
    show "123 456"; recovery codes are printed in groups), lower case."""
    return "".join(code.split()).replace("-", "").lower()


def _code_check(device: Device, code: str) -> bool:
    """Checks ``code`` on ``device`` under a row lock, so that two requests
    cannot both use one code or both skip the back-off. Raises Refused
    while django-otp's back-off (1, 2, 4 … seconds after each wrong code)
    runs, and changes nothing then."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, info = locked.verify_is_allowed()
        if not allowed:
            until = timezone.localtime(info["locked_until"]) if "locked_until" in info else None
            raise Refused(
                [
                    _("Too many wrong codes. Try again after %(time)s.")
                    % {"time": until.strftime("%H:%M:%S") if until else "…"}
                ]
            )
        return locked.verify_token(code)


def totp_enrolment_begin(*, user: AbstractBaseUser) -> TOTPDevice:
    """Starts setting up an authenticator for ``user``: a new unconfirmed
    device with a fresh secret. Earlier unconfirmed ones are dropped, so
    each secret is shown once. Raises Refused, and changes nothing, if
    ``user`` already has a confirmed authenticator (an administrator resets
    it first)."""
    if totp_device(user=user) is not None:
        raise Refused([_("Two-step verification is already set up for this account.")])
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def totp_enrolment_confirm(
    *, user: AbstractBaseUser, device_id: int, code: str
) -> tuple[TOTPDevice, list[str]]:
    """Confirms the unconfirmed authenticator ``device_id`` of ``user`` with
    a code it shows, and issues new recovery codes. Returns the device and
    the recovery codes in plain text (shown once, never again).

    Raises Refused if the device is not ``user``'s unconfirmed one or the
    code is wrong; then only the device's back-off counter changes."""
    device = TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()
    if device is None:
        raise Refused([_("This set-up has expired. Start again.")])
    if not _code_check(device, code_normalise(code)):
        raise Refused([_("The code is not correct. Check the time on your phone and try again.")])
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _recovery_codes_issue(user=user)
        log(instance=audit_subject(user), action="portal.twofactor.enrol", user=user)
    return device, codes


def _recovery_codes_issue(*, user: AbstractBaseUser) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(settings.STAFF_TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def second_factor_verify(*, user: AbstractBaseUser, code: str) -> Device:
    """Checks ``code`` — six digits from the authenticator or a recovery
    code, which is then used up — and returns the device that accepted it.

    Raises Refused if the code is wrong or the back-off runs; a wrong code
    is put on the audit log (``portal.twofactor.fail``) and counts towards
    the back-off, nothing else changes."""
    code = code_normalise(code)
    recovery = not code.isdigit()
    device = recovery_device(user=user) if recovery else totp_device(user=user)
    if device is not None and _code_check(device, code):
        if recovery:
            log(
                instance=audit_subject(user),
                action="portal.twofactor.recovery_use",
                user=user,
                data={"left": device.token_set.count()},
            )
        return device
    log(
        instance=audit_subject(user),
        action="portal.twofactor.fail",
        user=user,
        data={"kind": "recovery" if recovery else "totp"},
    )
    raise Refused([_("The code is not correct.")])


@transaction.atomic
def two_factor_reset(*, user: AbstractBaseUser, by: AbstractBaseUser) -> None:
    """Removes every second factor of ``user`` (authenticator and recovery
    codes), e.g. after a lost phone; the next sign-in sets up a new one.
    Raises NotAllowed, and changes nothing, unless ``by`` may reset second
    factors."""
    if not by.has_perm(RESET_PERMISSION):
        raise NotAllowed([_("Only administrators may reset two-step verification.")])
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    log(
        instance=audit_subject(user),
        action="portal.twofactor.reset",
        user=by,
        data={"username": user.get_username()},
    )
