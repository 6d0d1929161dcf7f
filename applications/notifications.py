"""What the applications app tells people, each event with its subject and
body (filled by ``portal.core.notifications.notify`` from the context the
service gives), and the one way an application's procedure is told to
whoever follows it (``application_notify``)."""

from django.utils.translation import gettext_lazy as _

from portal.core.notifications import NotificationEvent, notify

from .selectors.involvements import application_accounts, involved_bureau_accounts

# The body of an outcome: the subject again, then the reason when there is one.
_OUTCOME_SUBJECT = _("Application %(number)s: %(state)s")
_OUTCOME_BODY = _("Application %(number)s: %(state)s%(reason)s")


class ApplicationEvent(NotificationEvent):
    VERIFY_EMAIL = (
        "account.verify_email",
        _("Please verify your email address"),
        _(
            "Welcome to the portal of the National Jingdezhen Ceramic Cultural Ecology "
            "Protection Experimental Zone.\n\nOpen this link within %(days)d days to verify "
            "your email address; an application can be submitted only after that:\n\n%(link)s\n"
        ),
    )
    ACTIVATE = (
        "account.activate",
        _("Activate your account %(username)s"),
        _(
            "Welcome to the portal of the National Jingdezhen Ceramic Cultural Ecology "
            "Protection Experimental Zone.\n\nOpen this link within %(days)d days to activate "
            "the account %(username)s and verify your email address:\n\n%(link)s\n\nThen sign "
            "in with the password you chose. If you did not register, ignore this message: "
            "nothing is activated without the link."
        ),
    )
    REGISTRATION_NOT_COMPLETED = (
        "account.registration_not_completed",
        _("Your registration on the portal"),
        _(
            "We received a registration with this email address, but it could not be "
            "completed: the username “%(username)s” or this address is already used by an "
            "account.\n\nIf the account is yours, sign in at %(login)s. Otherwise, register "
            "again with another username. If you did not register, ignore this message."
        ),
    )
    PASSWORD_RESET = (
        "account.password_reset",
        _("Choose a new password for %(username)s"),
        _(
            "Someone, probably you, asked to choose a new password for the account "
            "%(username)s on the portal of the National Jingdezhen Ceramic Cultural Ecology "
            "Protection Experimental Zone.\n\nOpen the link below to choose it; the link "
            "works once, for a limited time. If you did not ask, ignore this message: your "
            "password stays as it is."
        ),
    )
    CLAIM_CONFIRMED = (
        "organisation.claim_confirmed",
        _("%(name)s is confirmed"),
        _(
            "The culture bureau of %(county)s has confirmed that your account acts for "
            "%(name)s (code %(uscc)s). Its applications can now be submitted."
        ),
    )
    CLAIM_REFUSED = (
        "organisation.claim_refused",
        _("%(name)s could not be confirmed"),
        _(
            "The culture bureau of %(county)s could not confirm that your account acts for "
            "%(name)s (code %(uscc)s).\n\nReason: %(reason)s\n\nYou may upload another "
            "business licence on your applications page; the bureau will examine it again."
        ),
    )
    # A reserve spanning several counties (第六条（一）).
    INVOLVEMENT_REQUESTED = (
        "reserve.involvement_request",
        _("%(lead)s asks %(county)s to take part in a reserve application"),
        _(
            "The culture bureau of %(lead)s is applying for a reserve sub-zone that names "
            "%(county)s (Article 6 (1) of the measures): %(name)s.\n\nConfirm or decline "
            "taking part on the portal, under “Reserve applications naming your county”. The "
            "application is submitted only once every county it names has confirmed."
        ),
    )
    INVOLVEMENT_CONFIRMED = (
        "reserve.involvement_confirm",
        _("%(county)s confirms taking part in the reserve application"),
        _(
            "The culture bureau of %(county)s has confirmed taking part in the reserve "
            "sub-zone application %(name)s. Upload its county government's application and "
            "approval with the materials."
        ),
    )
    INVOLVEMENT_DECLINED = (
        "reserve.involvement_decline",
        _("%(county)s declines taking part in the reserve application"),
        _(
            "The culture bureau of %(county)s has declined taking part in the reserve "
            "sub-zone application %(name)s.\n\nReason: %(reason)s\n\nRemove the county and "
            "its townships from the zone, or ask the bureau again, before submitting."
        ),
    )
    RECEIVED = (
        "application.received",
        _("Application received: %(number)s"),
        _(
            "Your application has been received with the number %(number)s. The receipt can be "
            "downloaded from your applications page. The culture bureau will now review the "
            "materials; you will be told if anything must be added."
        ),
    )
    SUPPLEMENT_REQUESTED = (
        "application.supplement_requested",
        _("Please supplement application %(number)s by %(end)s"),
        _(
            "The culture bureau asks you to supplement application %(number)s:\n\n%(message)s"
            "\n\nPlease upload what is asked and resubmit on the portal by %(end)s "
            "(24:00, %(days)d working days: the bureau's practice, not a number of the "
            "measures). You may ask for more time on the portal before then; unless it is "
            "granted, an application not supplemented by then is returned."
        ),
    )
    # More time to supplement, and a returned application reopened: the
    # bureau's practice (补正), not the measures'.
    EXTENSION_REQUESTED = (
        "supplement.extension_request",
        _("More time asked to supplement %(number)s"),
        _(
            "The applicant asks for %(days)d more working days to supplement application "
            "%(number)s, due %(end)s.\n\nReason: %(reason)s\n\nGrant or refuse it on the "
            "review page; unless granted, the application is returned when the deadline passes."
        ),
    )
    EXTENSION_GRANTED = (
        "supplement.extension_grant",
        _("More time to supplement %(number)s: now by %(end)s"),
        _(
            "The culture bureau has given more time to supplement application %(number)s: "
            "the new deadline is %(end)s (24:00).%(reason)s"
        ),
    )
    EXTENSION_REFUSED = (
        "supplement.extension_refuse",
        _("No more time to supplement %(number)s"),
        _(
            "The culture bureau did not give more time to supplement application %(number)s; "
            "the deadline stays %(end)s (24:00).\n\nReason: %(reason)s"
        ),
    )
    SUPPLEMENT_REOPENED = (
        "supplement.reopen",
        _("Application %(number)s reopened: please supplement by %(end)s"),
        _(
            "The culture bureau has reopened application %(number)s, which had been returned, "
            "and asks you to supplement it:\n\n%(message)s\n\nPlease upload what is asked "
            "and resubmit on the portal by %(end)s (24:00, %(days)d working days: the "
            "bureau's practice, not a number of the measures)."
        ),
    )
    RESUBMITTED = (
        "application.resubmitted",
        _("Supplement received: %(number)s"),
        _("The applicant has supplemented application %(number)s; it is back in material review."),
    )
    # Issue 16: what the bureau's reviewers are told, each with the link of
    # the application's review page in the administration.
    SUBMITTED = (
        "application.submitted",
        _("New application %(number)s: %(name)s"),
        _(
            "%(name)s has submitted application %(number)s (%(kind)s). It waits for the "
            "material review."
        ),
    )
    WITHDRAWN = (
        "application.withdrawn",
        _("Application %(number)s withdrawn"),
        _("%(name)s has withdrawn application %(number)s.\n\nReason: %(reason)s"),
    )
    REVIEWER_DIGEST = (
        "reviewer.digest",
        _("Due tomorrow, %(day)s: %(supplements)d supplement(s), %(experts)d expert review(s)"),
        _(
            "Supplement deadlines ending tomorrow (%(day)s, 24:00):\n%(supplement_lines)s\n\n"
            "Expert reviews still open:\n%(expert_lines)s"
        ),
    )
    RETURNED = (
        "application.returned",
        _("Application %(number)s returned"),
        _("The supplement was not provided by %(end)s."),
    )
    EXPERT_ASSIGNED = (
        "expert.assigned",
        _("Expert review: %(number)s"),
        _(
            "You are asked to review application %(number)s. Declare first, in the "
            "administration, that you have no conflict of interest."
        ),
    )
    # The outcomes of declared transitions, told as they happen.
    REJECTED = ("application.reject", _OUTCOME_SUBJECT, _OUTCOME_BODY)
    REFUSED = ("application.record_refusal", _OUTCOME_SUBJECT, _OUTCOME_BODY)
    ON_CANDIDATE_LIST = ("application.add_to_candidate_list", _OUTCOME_SUBJECT, _OUTCOME_BODY)
    REMOVED = ("application.uphold_objection", _OUTCOME_SUBJECT, _OUTCOME_BODY)
    # Publicity (第十二条).
    OBJECTION_RECEIVED = (
        "objection.submit",
        _("New objection %(code)s to %(candidate)s"),
        _(
            "An objection was received on the publicity list “%(list)s”. Examine it in the "
            "admin under Objections."
        ),
    )
    OBJECTION_RECEIPT = (
        "objection.receipt",
        _("Your objection has been received: %(code)s"),
        _(
            "Your objection to %(candidate)s on the list “%(list)s” was received at "
            "%(time)s. Receipt code: %(code)s. Use it on the publicity page to follow how it "
            "is handled."
        ),
    )
    OBJECTION_DECIDED = (
        "objection.decide",
        _("Decision on your objection %(code)s"),
        _("Your objection %(code)s was %(decision)s.\n\nReason: %(reason)s"),
    )
    PUBLICITY_CLOSED = (
        "publicity.close",
        _("Publicity closed: %(list)s — %(n)d objection(s)"),
        _(
            "The publicity window of “%(list)s” (%(start)s to %(end)s) has closed. Objections "
            "received: %(n)d; still to decide: %(open)d. Approval may be recorded for "
            "candidates with no open or upheld objection."
        ),
    )
    # The applicant is told when the publicity of its application starts and
    # ends (第十二条); the municipal government's approval follows.
    PUBLICITY_STARTED = (
        "publicity.start",
        _("Publicity of application %(number)s: %(start)s to %(end)s"),
        _(
            "Application %(number)s of %(name)s is on the candidate list “%(list)s”, "
            "published for publicity from %(start)s to %(end)s (both days included). During "
            "this time anyone may object; you will be told when the publicity ends."
        ),
    )
    PUBLICITY_ENDED = (
        "publicity.end",
        _("Publicity of application %(number)s has ended"),
        _(
            "The publicity of the candidate list “%(list)s” (%(start)s to %(end)s), on which "
            "application %(number)s stands, has ended. The municipal government's approval "
            "follows; you will be told when it is recorded."
        ),
    )
    PERIOD_END_MOVED = (
        "period.end_moved",
        _("The end of “%(label)s” has moved to %(end)s"),
        _(
            "The holiday arrangement was entered or changed, so the period “%(label)s” "
            "(published %(anchor)s, %(days)d working days) was recomputed.\n\n"
            "Old end: %(old)s\nNew end: %(new)s%(provisional)s\n\n"
            "Please check whether the published notice needs a correction."
        ),
    )


# The event told when a declared transition reaches an outcome, by action.
OUTCOME_EVENTS = {
    "reject": ApplicationEvent.REJECTED,
    "record_refusal": ApplicationEvent.REFUSED,
    "add_to_candidate_list": ApplicationEvent.ON_CANDIDATE_LIST,
    "uphold_objection": ApplicationEvent.REMOVED,
    # "establish" is told by the approval's own message (evaluations'
    # UnitEvent.APPROVAL_RECORDED, with the unit's code and page), not twice.
}


def application_notify(
    *,
    application,
    event: ApplicationEvent,
    context: dict,
    link: str | None = None,
    also: tuple = (),
    applicant: bool = True,
) -> list[str]:
    """Tells of ``event`` about ``application`` whoever follows its
    procedure (application_accounts): its organisation's members — unless
    ``applicant`` is False, for what the applicant did itself — and, for a
    reserve spanning several counties, the bureaus of the counties that
    confirmed taking part (第六条（一）); and ``also`` (e.g. whoever
    submitted it). Each is sent to the page it may open (applications.links)
    unless ``link`` is given. Call it inside the change's transaction.
    Returns the usernames reached."""
    followers = (
        application_accounts(application=application)
        if applicant
        else involved_bureau_accounts(application=application)
    )
    return notify(
        recipients=[*also, *followers],
        event=event,
        about=application,
        context=context,
        link=link,
    )
