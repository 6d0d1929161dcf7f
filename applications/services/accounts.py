"""Writes of applicants' accounts: registration with the organisation,
and the verification of the email address."""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from portal.core.notifications import notify

from ..models import AccountProfile, Organisation
from ..notifications import ApplicationEvent
from ..roles import Role, role_grant

VERIFY_SALT = "portal.account.verify-email"
VERIFY_DAYS = 3


def _verification_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


@transaction.atomic
def account_register(
    *, username: str, email: str, password: str, organisation: dict, request=None
) -> AbstractBaseUser:
    """Creates an applicant account and its organisation, and emails the
    link that verifies the address. Returns the user."""
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    role_grant(user, Role.APPLICANT)
    AccountProfile.objects.create(user=user)
    org = Organisation(**organisation)
    org.full_clean()
    org.save()
    org.members.add(user)
    log(instance=user, action="portal.account.register", user=user, data={"organisation": org.pk})
    account_verification_send(user=user, request=request)
    return user


@transaction.atomic
def account_verification_send(*, user: AbstractBaseUser, request=None) -> None:
    """Emails ``user`` the signed link that verifies its address."""
    link = reverse("accounts:verify", args=[_verification_token(user)])
    if request is not None:
        link = request.build_absolute_uri(link)
    notify(
        recipients=[user],
        event=ApplicationEvent.VERIFY_EMAIL,
        about=user,
        context={"days": VERIFY_DAYS, "link": link},
    )


@transaction.atomic
def account_email_verify(*, token: str) -> AbstractBaseUser:
    """Marks the email address in ``token`` verified and returns the user.

    Raises signing.BadSignature (or its SignatureExpired) for a bad or old
    token, and signing.BadSignature when the address has changed since."""
    data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_DAYS * 24 * 3600)
    user = get_user_model().objects.select_for_update().get(pk=data["user"])
    if user.email != data["email"]:
        raise signing.BadSignature("address changed")
    profile, _created = AccountProfile.objects.get_or_create(user=user)
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["email_verified_at"])
        log(instance=user, action="portal.account.verify_email", user=user)
    return user
