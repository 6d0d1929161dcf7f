"""Reads of the counties a reserve application names (第六条（一）): the
county a bureau account acts for, the requests awaiting its answer, the
bureau accounts of a county, and whom the portal tells of an application."""

from django.contrib.auth.base_user import AbstractBaseUser

from ..models import AccountProfile, ApplicationKind, CountyInvolvement, InvolvementStatus
from ..roles import APPLY_FOR_RESERVE, may, users_who_may


def bureau_county_id(*, user: AbstractBaseUser) -> str | None:
    """Returns the code of the county ``user`` acts for as a county bureau
    account, or None for anyone else."""
    if not may(user, APPLY_FOR_RESERVE):
        return None
    return (
        AccountProfile.objects.filter(user=user, county__isnull=False)
        .values_list("county_id", flat=True)
        .first()
    )


def involvements_for_user(*, user: AbstractBaseUser):
    """Returns the requests ``user`` may see and answer: those naming its
    own county for a county bureau account, every one for a superuser,
    none for anyone else."""
    involvements = CountyInvolvement.objects.select_related(
        "county", "application__organisation__county", "decided_by"
    ).order_by("-asked_at", "pk")
    if user.is_authenticated and user.is_superuser:
        return involvements
    county = bureau_county_id(user=user)
    if county is None:
        return CountyInvolvement.objects.none()
    return involvements.filter(county_id=county)


def county_bureau_accounts(*, counties):
    """Returns the active county bureau accounts acting for any of
    ``counties`` (County rows or codes)."""
    return users_who_may(APPLY_FOR_RESERVE).filter(
        is_active=True, account_profile__county__in=counties
    )


def involved_bureau_accounts(*, application) -> list:
    """Returns the active bureau accounts of the counties that confirmed
    taking part in the reserve ``application`` (none for a base, without a
    query): they follow the application with its applicant. A county
    asked but pending or declined is not told."""
    if application.kind != ApplicationKind.RESERVE:
        return []
    counties = CountyInvolvement.objects.filter(
        application_id=application.pk, status=InvolvementStatus.CONFIRMED
    ).values("county_id")
    return list(county_bureau_accounts(counties=counties))


def application_accounts(*, application) -> list:
    """Returns whoever is told of ``application``'s procedure: its
    organisation's members and, for a reserve spanning several counties,
    the bureau accounts of the counties that confirmed taking part
    (involved_bureau_accounts)."""
    return [
        *application.organisation.members.all(),
        *involved_bureau_accounts(application=application),
    ]
