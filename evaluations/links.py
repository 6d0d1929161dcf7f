"""The pages the units' notifications concern, per recipient
(portal.core.links): a unit's members are sent to their unit's pages —
the unit, its master plan, the self-assessment form of the year, the
acceptance form —, staff to the administration. Registered in
EvaluationsConfig.ready."""

from django.urls import reverse

from applications.models import ApplicationKind
from applications.selectors import bureau_county_id
from portal.core.links import link_register, page_link

from .models import (
    Acceptance,
    Evaluation,
    MasterPlan,
    Obligation,
    ProtectedUnit,
    RectificationOrder,
    SelfAssessment,
)
from .selectors.units import obligation_path


def _member(user, unit: ProtectedUnit) -> bool:
    return user is not None and user.organisations.filter(pk=unit.organisation_id).exists()


def _sharing_bureau(user, unit: ProtectedUnit) -> bool:
    """Whether ``user`` is the bureau of another county of a reserve spanning
    several (第六条（一））: told of it, it reads it on its shared page."""
    if user is None or unit.kind != ApplicationKind.RESERVE:
        return False
    county = bureau_county_id(user=user)
    return county is not None and unit.counties.filter(pk=county).exists()


def _unit_page(unit: ProtectedUnit, user) -> str | None:
    if _member(user, unit):
        return reverse("my_units:detail", args=[unit.code])
    if _sharing_bureau(user, unit):
        return reverse("my_units:shared", args=[unit.code])
    return None


def unit_link(unit: ProtectedUnit, user) -> str | None:
    return _unit_page(unit, user)


def obligation_link(obligation: Obligation, user) -> str | None:
    """The form that fulfils the obligation, for the unit's members; the
    unit's shared page for the other counties' bureaus."""
    if _member(user, obligation.unit):
        return obligation_page(obligation)
    return _unit_page(obligation.unit, user)


def obligation_page(obligation: Obligation) -> str:
    """The form that fulfils the obligation, where the unit files it (its
    unit page for what it does not file itself)."""
    return obligation_path(obligation) or reverse("my_units:detail", args=[obligation.unit.code])


def assessment_link(assessment: SelfAssessment, user) -> str | None:
    if not _member(user, assessment.unit):
        return _unit_page(assessment.unit, user)
    return reverse("my_units:assessment", args=[assessment.unit.code, assessment.year])


def evaluation_link(evaluation: Evaluation, user) -> str | None:
    """The published report when there is one, else the unit's page."""
    if not (_member(user, evaluation.unit) or _sharing_bureau(user, evaluation.unit)):
        return None
    page = evaluation.report_page
    if page is not None and page.live:
        return page_link(page)
    return _unit_page(evaluation.unit, user)


def links_register() -> None:
    link_register(ProtectedUnit, unit_link)
    link_register(Obligation, obligation_link)
    link_register(SelfAssessment, assessment_link)
    link_register(Evaluation, evaluation_link)
    for model in (MasterPlan, Acceptance, RectificationOrder):
        link_register(model, lambda about, user: _unit_page(about.unit, user))
