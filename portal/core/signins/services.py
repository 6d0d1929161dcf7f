"""Unlocking an account that axes locked after failed sign-ins."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from ..audit import audit_subject
from ..errors import NotAllowed, Refused

# Who may unlock: deleting axes' attempt records is what unlocking is.
UNLOCK_PERMISSION = "axes.delete_accessattempt"


@transaction.atomic
def account_unlock(*, username: str, by: AbstractBaseUser) -> int:
    """Clears the failed attempts of ``username`` through axes' API, so
    that it may sign in again at once; returns how many attempt records
    were removed. The audit log (``portal.account.unlock``) records who
    unlocked whom.

    Raises NotAllowed unless ``by`` may unlock accounts, and Refused if
    ``username`` has no failed attempts on record; both change nothing."""
    if not by.has_perm(UNLOCK_PERMISSION):
        raise NotAllowed([_("Only administrators may unlock accounts.")])
    removed = AxesProxyHandler.reset_attempts(username=username)
    if not removed:
        raise Refused([_("This account has no failed sign-ins on record.")])
    account = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username})
    log(
        # An unknown username (tried by someone guessing) has no account:
        # the entry then hangs on the administrator's own.
        instance=account.first() or audit_subject(by),
        action="portal.account.unlock",
        user=by,
        data={"username": username, "attempts": removed},
    )
    return removed
