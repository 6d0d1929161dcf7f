"""Writes of applicants' accounts: registration with the organisation,
and the verification of the email address.

Registration never tells the person at the screen whether a username or an
address is in use (issue 13, finding 9: it used to say “username taken”,
for staff accounts too, so anyone could list the accounts). The design is
the one of a government service portal that registers by email:

- every complete registration form gets the same answer, “we have sent a
  message to the address you gave”, whatever accounts exist;
- the account is created inactive and opens only with the link mailed to
  its address, so signing in with the chosen name and password says
  nothing either (an inactive account fails like a wrong password);
- when the username or the address is in use, nothing is created and the
  address is told so instead — only its owner learns it, at the pace of
  the registration limit, and a newcomer who mistyped simply registers
  again with another name;
- registering again with the same name and address before the link was
  opened sends the link again (the password first chosen stays).

Whether an organisation's code is claimed is said on the form: the
newcomer must know to ask the county bureau (services.claims), and who
claimed it is never said."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from portal.core.links import absolute_url
from portal.core.notifications import notify, notify_address

from ..models import CLAIMS_THAT_HOLD, AccountProfile, ClaimStatus, Organisation
from ..notifications import ApplicationEvent
from ..roles import Role, role_grant
from .claims import code_claimed_problem, licence_attach

VERIFY_SALT = "portal.account.verify-email"
VERIFY_DAYS = 3


def _verification_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)


def _link(name: str, *args, request=None) -> str:
    link = reverse(name, args=args)
    return request.build_absolute_uri(link) if request is not None else absolute_url(link)


def _never_activated(user: AbstractBaseUser) -> bool:
    """An account registered whose link was never opened (an account
    deactivated by staff has signed in or been verified before)."""
    profile = AccountProfile.objects.filter(user=user).first()
    return (
        not user.is_active
        and user.last_login is None
        and (profile is None or profile.email_verified_at is None)
    )


def _activation_send(*, user: AbstractBaseUser, request=None) -> None:
    notify_address(
        to=user.email,
        event=ApplicationEvent.ACTIVATE,
        about=user,
        context={
            "days": VERIFY_DAYS,
            "link": _link("accounts:verify", _verification_token(user), request=request),
            "username": user.get_username(),
        },
        who="registrant",
    )


@transaction.atomic
def account_register(
    *,
    username: str,
    email: str,
    password: str,
    organisation: dict,
    licence: UploadedFile,
    request=None,
    privacy_consent_at: datetime.datetime | None = None,
) -> None:
    """Registers an inactive applicant account with the organisation it
    claims (pending, with its licence) and the moment the registrant agreed
    to the privacy notice (``privacy_consent_at``), and mails the
    activation link; or,
    when the username or the address is in use, mails the address that the
    registration could not be completed. Returns nothing: the caller
    answers alike in every case (see the module's docstring).

    Raises ValidationError (on ``uscc``) when the code is claimed already,
    and ValidationError for a refused licence file; changes nothing then."""
    clash = (
        get_user_model()
        .objects.filter(Q(username__iexact=username) | Q(email__iexact=email))
        .order_by("pk")
        .first()
    )
    if clash is not None:
        # As slow as creating an account, so that timing does not tell.
        make_password(password)
        same = clash.get_username().lower() == username.lower()
        if same and clash.email.lower() == email.lower() and _never_activated(clash):
            _activation_send(user=clash, request=request)
            return
        notify_address(
            to=email,
            event=ApplicationEvent.REGISTRATION_NOT_COMPLETED,
            about=clash,
            context={"username": username, "login": _link("accounts:login", request=request)},
            who="registrant",
        )
        return
    org = Organisation(**organisation, claim_status=ClaimStatus.PENDING)
    if Organisation.objects.filter(uscc=org.uscc, claim_status__in=CLAIMS_THAT_HOLD).exists():
        raise ValidationError({"uscc": code_claimed_problem()})
    org.full_clean()
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password, is_active=False
    )
    role_grant(user, Role.APPLICANT)
    AccountProfile.objects.create(user=user, privacy_consent_at=privacy_consent_at)
    licence_attach(organisation=org, upload=licence)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:  # the same code registered a moment ago
        org.licence.storage.delete(org.licence.name)
        raise ValidationError({"uscc": code_claimed_problem()}) from None
    org.members.add(user)
    log(instance=user, action="portal.account.register", user=user, data={"organisation": org.pk})
    log(
        instance=org,
        action="portal.organisation.claim",
        user=user,
        data={"uscc": org.uscc, "licence": org.licence_name},
    )
    _activation_send(user=user, request=request)


@transaction.atomic
def account_verification_send(*, user: AbstractBaseUser, request=None) -> None:
    """Emails ``user`` the signed link that verifies its address."""
    notify(
        recipients=[user],
        event=ApplicationEvent.VERIFY_EMAIL,
        about=user,
        context={
            "days": VERIFY_DAYS,
            "link": _link("accounts:verify", _verification_token(user), request=request),
        },
    )


@transaction.atomic
def account_email_verify(*, token: str) -> AbstractBaseUser:
    """Marks the email address in ``token`` verified, activates an account
    registered and never activated, and returns the user.

    Raises signing.BadSignature (or its SignatureExpired) for a bad or old
    token, and signing.BadSignature when the address has changed since."""
    data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_DAYS * 24 * 3600)
    user = get_user_model().objects.select_for_update().get(pk=data["user"])
    if user.email != data["email"]:
        raise signing.BadSignature("address changed")
    if _never_activated(user):
        user.is_active = True
        user.save(update_fields=["is_active"])
        log(instance=user, action="portal.account.activate", user=user)
    profile, _created = AccountProfile.objects.get_or_create(user=user)
    if profile.email_verified_at is None:
        profile.email_verified_at = timezone.now()
        profile.save(update_fields=["email_verified_at"])
        log(instance=user, action="portal.account.verify_email", user=user)
    return user
