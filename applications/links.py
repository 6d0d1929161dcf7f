"""The pages the applications app's notifications concern, per recipient
(portal.core.links): an applicant is sent to its own pages, staff to the
administration (portal.core.links finds those), anyone without an account
to the public notice. Registered in ApplicationsConfig.ready."""

from django.urls import reverse

from portal.core.links import link_home_register, link_register, page_link

from .models import Application, CandidateList, Objection, Organisation
from .selectors.involvements import bureau_county_id


def _member(user, organisation_id) -> bool:
    return user is not None and user.organisations.filter(pk=organisation_id).exists()


def application_link(application: Application, user) -> str | None:
    """The applicant's page of its application; for a county bureau asked
    to take part in a reserve, its list of such requests, which shows the
    application's state (a bureau opens the administration too, but the
    review workspace answers it 404); for staff, the application in the
    review workspace (which answers 404 to whoever may not see it)."""
    if _member(user, application.organisation_id):
        return reverse("applications:review", args=[application.pk])
    county = bureau_county_id(user=user) if user is not None else None
    if county and application.involvements.filter(county_id=county).exists():
        return reverse("applications:involvements")
    if user is not None and user.has_perm("wagtailadmin.access_admin"):
        return reverse("applications_review:inspect", args=[application.pk])
    return None


def candidate_list_link(candidate_list: CandidateList, user) -> str | None:
    """The public notice of a list's publicity, for whoever has no admin."""
    if user is not None and user.has_perm("wagtailadmin.access_admin"):
        return None
    return page_link(candidate_list.publicity_page)


def objection_link(objection: Objection, user) -> str | None:
    """The objector follows its objection on the notice's page; staff open
    it in the administration (its viewset has no edit view for Wagtail's
    finder to find)."""
    if user is not None:
        if user.has_perm("wagtailadmin.access_admin"):
            return reverse("objections:inspect", args=[objection.pk])
        return None
    return page_link(objection.candidate_list.publicity_page)


def organisation_link(organisation: Organisation, user) -> str | None:
    return reverse("applications:dashboard") if _member(user, organisation.pk) else None


def home_link(about, user) -> str | None:
    """An account without the administration: its applications page."""
    if user is None or user.has_perm("wagtailadmin.access_admin"):
        return None
    return reverse("applications:dashboard")


def links_register() -> None:
    link_register(Application, application_link)
    link_register(CandidateList, candidate_list_link)
    link_register(Objection, objection_link)
    link_register(Organisation, organisation_link)
    link_home_register(home_link)
