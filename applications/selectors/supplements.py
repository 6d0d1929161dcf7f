"""Reads of supplement requests (补正) and what may follow them, for the
applicant's page and the review page."""

from ..models import Application, ExtensionStatus, SupplementRequest
from ..workflow import TRANSITIONS_BY_ACTION, State

# The states an application may be copied from into a new draft: ended
# without a decision on its merits.
COPYABLE = (State.RETURNED, State.WITHDRAWN)


def supplement_situation(*, application: Application) -> dict:
    """Returns, for ``application``: ``supplement``, its open supplement
    request while one is asked for (else None); ``last``, its latest request
    (open or not); ``extensions``, the requests for more time on ``last``;
    ``pending``, the one waiting for the bureau (or None); and which of the
    applicant's ways out of the state are open: ``withdrawable``,
    ``copyable``."""
    last = (
        SupplementRequest.objects.filter(application=application)
        .select_related("period")
        .order_by("-created_at", "-pk")
        .first()
    )
    supplement = (
        last
        if last is not None and last.is_open and application.status == State.SUPPLEMENT_REQUESTED
        else None
    )
    extensions = list(last.extensions.select_related("previous_period")) if last is not None else []
    return {
        "supplement": supplement,
        "last": last,
        "extensions": extensions,
        "pending": next((e for e in extensions if e.status == ExtensionStatus.PENDING), None),
        "withdrawable": application.status in TRANSITIONS_BY_ACTION["withdraw"].sources,
        "copyable": application.status in COPYABLE,
    }
