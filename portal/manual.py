"""The staff manual (员工手册, issue 16): one short section per screen of
the admin, at /admin/manual/, where the help menu and the dashboard's
account panel lead instead of Wagtail's editor guide on another site."""

from dataclasses import dataclass

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    slug: str
    title: Promise
    text: tuple[Promise, ...]


# The screens in the order of the work: an application from review to its
# unit's obligations, then the rules and the background work.
SECTIONS = (
    Section(
        "review",
        _("Application review"),
        (
            _(
                "The queue lists every submitted application with its receipt number, "
                "county, status and the day it was submitted."
            ),
            _(
                "Open an application to read its facts, materials and timeline; the "
                "buttons at the foot of the page are the steps its status allows you to take."
            ),
        ),
    ),
    Section(
        "candidates",
        _("Candidate lists"),
        (
            _(
                "After review, the bureau records a candidate list from the applications "
                "found eligible, with the decision it rests on."
            ),
            _("From the list's page it is published for publicity and its approval recorded."),
        ),
    ),
    Section(
        "publicity",
        _("Publicity"),
        (
            _(
                "A published list shows its publicity window on the portal; the list's page "
                "here tells whether the window is open, closed or not yet begun."
            ),
        ),
    ),
    Section(
        "objections",
        _("Objections"),
        (
            _(
                "Objections received during publicity are recorded here, each against one "
                "candidate, and answered with the finding of the verification."
            ),
        ),
    ),
    Section(
        "approvals",
        _("Approvals"),
        (
            _(
                "When the municipal government approves a list, record the approval and "
                "attach its scan on the list's page: the approved candidates become units."
            ),
        ),
    ),
    Section(
        "units",
        _("Established units"),
        (
            _(
                "Each established unit shows its code, status, county and the day it was "
                "established, with the timeline of its obligations."
            ),
        ),
    ),
    Section(
        "evaluations",
        _("Evaluations"),
        (
            _(
                "An evaluation round names the units to evaluate and its deadlines; the "
                "experts score each unit against the indicators and the bureau publishes "
                "the results."
            ),
        ),
    ),
    Section(
        "rectification",
        _("Rectification"),
        (
            _(
                "A unit found wanting receives a rectification order; its answer and the "
                "bureau's verification are recorded on the order."
            ),
        ),
    ),
    Section(
        "rules",
        _("Measures and rules"),
        (
            _(
                "The rule sets hold the numbers of the measures in force on each day; a new "
                "rule set applies from the day it takes effect, never to earlier cases."
            ),
        ),
    ),
    Section(
        "tasks",
        _("Queued tasks"),
        (
            _(
                "Work the message broker did not take while it was down waits here until it "
                "is handed over; an empty list means nothing was left behind."
            ),
        ),
    ),
)


def manual_view(request):
    """The staff manual: one section per screen."""
    return TemplateResponse(
        request,
        "portal/manual/index.html",
        {"sections": SECTIONS, "page_title": _("Staff manual")},
    )


def manual_url() -> str:
    return reverse("staff_manual")
