"""Reads of the applications app."""

import datetime

from .eligibility import Rules


def rules_on(*, day: datetime.date) -> Rules:
    """Returns the rules of the version of the measures in force on ``day``:
    its rule set if it has one, else the numbers of the 2020 measures."""
    from cms.models import MeasurePage

    from .models import RuleSet

    measure = (
        MeasurePage.objects.live()
        .filter(effective_date__lte=day)
        .order_by("-effective_date", "-pk")
        .first()
    )
    rule_set = RuleSet.objects.filter(measure=measure).first() if measure else None
    if rule_set is None:
        return Rules()
    return Rules(
        min_site_area_m2=rule_set.min_site_area_m2,
        min_staff=rule_set.min_staff,
        min_senior_staff_research=rule_set.min_senior_staff_research,
        min_holistic_protection_years=rule_set.min_holistic_protection_years,
        supplement_working_days=rule_set.supplement_working_days,
    )


def applications_for_user(*, user):
    """Returns the applications ``user`` may see on the portal's pages: those
    of the organisations it is a member of."""
    from .models import Application

    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organisation__members=user).select_related("organisation")


def staff_may_view(*, user) -> bool:
    """Returns True if ``user`` is bureau staff who may open any
    application's files (reviewers and administrators)."""
    from .roles import Role

    return user.is_authenticated and (
        user.is_superuser
        or user.groups.filter(name__in=[Role.MUNICIPAL_REVIEWER, Role.ADMIN]).exists()
    )
