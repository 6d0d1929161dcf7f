"""What the units app tells people, each event with its subject and body
(filled by ``portal.core.notifications.notify`` from the context the
service gives)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.core.notifications import NotificationEvent, notify, notify_address

from .selectors.units import unit_accounts

# A decision told with the bureau's note or reason as the whole body.
_NOTE = "%(note)s"


class UnitEvent(NotificationEvent):
    # The municipal government's approval, which establishes the unit (第十二条).
    APPROVAL_RECORDED = (
        "approval.record",
        _("Approved by the municipal government: %(unit)s"),
        _(
            "The municipal government's approval %(document)s of %(date)s is recorded for "
            "application %(number)s: %(unit)s is established with the code %(code)s. Its "
            "obligations are listed on the unit's page."
        ),
    )
    # The daily obligations job; %(url)s is the address of the unit's form
    # for the obligation (obligations._form_url).
    OBLIGATION_REMINDER = (
        "obligation.remind",
        _("Reminder: %(what)s due on %(due)s"),
        format_lazy(
            "{}\n\n%(url)s",
            _(
                "%(unit)s: %(what)s is due on %(due)s (%(n)d days from %(day)s). File it on "
                "the portal under your unit's obligations."
            ),
        ),
    )
    OBLIGATION_OVERDUE = (
        "obligation.overdue",
        _("Overdue: %(what)s was due on %(due)s"),
        format_lazy(
            "{}\n\n%(url)s",
            _("%(unit)s: %(what)s was due on %(due)s and has not been filed."),
        ),
    )
    OVERDUE_DIGEST = (
        "obligation.overdue_digest",
        _("%(n)d obligation(s) became overdue on %(day)s"),
        "%(lines)s",
    )
    # Master plans and their changes.
    PLAN_SUBMITTED = (
        "plan.submit",
        _("Master plan filed by %(unit)s"),
        _("%(unit)s filed its master plan; acknowledge or return it in the admin."),
    )
    PLAN_DECIDED = ("plan.decide", _("Master plan %(state)s"), _NOTE)
    PLAN_CHANGE_REQUESTED = (
        "plan.change_request",
        _("Plan change requested by %(unit)s"),
        _NOTE,
    )
    PLAN_CHANGE_DECIDED = ("plan.change_decide", _("Plan change %(state)s"), _NOTE)
    # Self-assessments.
    ASSESSMENT_SUBMITTED = (
        "assessment.submit",
        _("Self-assessment %(year)s filed by %(unit)s"),
        _("Acknowledge or return it in the admin."),
    )
    ASSESSMENT_DECIDED = ("assessment.decide", _("Self-assessment %(year)s: %(state)s"), _NOTE)
    # Acceptance.
    ACCEPTANCE_APPLIED = (
        "acceptance.apply",
        _("Acceptance applied for by %(unit)s"),
        _("Review it in the admin."),
    )
    ACCEPTANCE_DECIDED = ("acceptance.decide", _("Acceptance: %(state)s"), _NOTE)
    # Comprehensive evaluations.
    EVALUATION_OPENED = (
        "evaluation.open",
        _("Comprehensive evaluation: %(round)s"),
        _(
            "%(unit)s is included in the comprehensive evaluation “%(round)s” opened on "
            "%(day)s (Article 36 of the measures). The bureau will contact you; the report "
            "will be published on the portal."
        ),
    )
    SCORER_ASSIGNED = (
        "evaluation.assign",
        _("Evaluation to score: %(unit)s"),
        _(
            "You are asked to score the comprehensive evaluation of %(unit)s (%(round)s). "
            "Open it in the administration under “My evaluation scoring”."
        ),
    )
    EVALUATION_CONCLUDED = (
        "evaluation.conclude",
        _("Comprehensive evaluation of %(unit)s: %(outcome)s"),
        _(
            "The comprehensive evaluation of %(unit)s (%(round)s) is concluded: weighted score "
            "%(total)s, outcome: %(outcome)s.\n\n%(conclusion)s\n\nThe report is published on "
            "the portal: %(url)s"
        ),
    )
    REPORT_PUBLISHED_COUNTY = (
        "evaluation.report_county",
        _("Evaluation report of %(unit)s published"),
        _(
            "The report of the comprehensive evaluation of %(unit)s (%(round)s) is published: "
            "%(url)s\n\nUnder Article 36 of the measures it is published through the official "
            "websites of the municipal culture and tourism bureau and of the government of the "
            "county where the zone lies; please publish it on %(government)s's website."
        ),
    )
    # Rectification and delisting.
    RECTIFICATION_ORDERED = (
        "rectification.issue",
        _("Rectification ordered: %(unit)s, by %(deadline)s"),
        _(
            "Under Article 38 of the measures, %(unit)s is ordered to rectify the following by "
            "%(deadline)s and to report what was done on the portal:\n\n%(items)s\n\nA unit "
            "that does not rectify in time, or not sufficiently, is delisted."
        ),
    )
    RECTIFICATION_REPORTED = (
        "rectification.report",
        _("Rectification report from %(unit)s"),
        _(
            "%(unit)s has reported on the rectification ordered with deadline %(deadline)s. "
            "Verify it in the administration under Rectification orders."
        ),
    )
    RECTIFICATION_CLOSED = (
        "rectification.close",
        _("Rectification accepted: %(unit)s"),
        format_lazy(
            "{}\n\n%(reason)s",
            _("The bureau has verified the rectification of %(unit)s and closed the order."),
        ),
    )
    DELISTED = (
        "unit.delist",
        _("%(unit)s has been delisted"),
        _(
            "Under Article 38 of the measures, %(unit)s is delisted from %(date)s.\n\nReason: "
            "%(reason)s\n\nThe announcement is published on the portal: %(url)s"
        ),
    )


def unit_notify(*, unit, event: UnitEvent, about, context: dict) -> list[str]:
    """Tells ``unit``'s accounts of ``event``: its organisation's members
    and, for a reserve spanning several counties, every other county's
    bureau — the same accounts the obligations job reminds. Returns the
    usernames reached."""
    return notify(recipients=unit_accounts(unit=unit), event=event, about=about, context=context)


def county_government_report_notify(*, evaluation, url: str) -> int:
    """Tells the contact (CountyGovernment.contact_email) of the government
    of each county of the evaluated unit — the lead's and, for a reserve
    spanning several counties, every other's (第六条（一）) — that the
    evaluation report is published, with its link, for its own website
    (第三十六条). Returns how many governments were told (one without a
    contact on record is not)."""
    from .selectors.units import unit_governments

    unit = evaluation.unit
    governments = [g for g in unit_governments(unit=unit) if g.contact_email]
    for government in governments:
        notify_address(
            to=government.contact_email,
            event=UnitEvent.REPORT_PUBLISHED_COUNTY,
            about=evaluation,
            context={
                "unit": unit.name,
                "round": evaluation.round.title,
                "url": url,
                "government": government.name,
            },
            who="county_government",
        )
    return len(governments)
