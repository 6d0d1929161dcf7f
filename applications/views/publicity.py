"""Public pages of a publicity list: the objection form and the page where
an objector follows the handling by receipt code, at the publicity
notice's address (…/objection/, …/follow/; routed by the project's URLs).
Rate-limited, CSRF-protected, and never showing an objector's identity."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.core.kept_files import (
    KeptLimits,
    kept_files_clear,
    kept_files_keep,
    kept_files_names,
    kept_files_open,
)
from portal.core.ratelimit import fixed_key, limit_count, limit_reached, too_many
from portal.core.spamguard import MIN_SECONDS, shown_token

from ..forms import FollowForm, ObjectionForm
from ..models import CandidateList
from ..selectors import objection_by_receipt, publicity_candidates, publicity_status
from ..services.objections import (
    MAX_OBJECTION_BYTES,
    MAX_OBJECTION_FILES,
    objection_submit,
    objection_upload_problems,
)

# The limits of the public objection form (issue 13), per client address
# (portal.core.ratelimit: only trusted proxies' X-Forwarded-For counts).
# Every attempt counts against the address and the contact.
# A person objects once or twice; ten attempts an hour allow for mistakes.
OBJECTION_RATE_ADDRESS = "10/h"
# One objector (an email or a phone) has at most a few objections a day.
OBJECTION_RATE_CONTACT = "5/d"
# Only accepted objections count against the candidate: a real controversy
# brings a handful a day, and twenty bounds what a spammer rotating
# addresses and contacts can pile on one candidate (each blocks approval
# until handled and mails the bureau).
OBJECTION_RATE_CANDIDATE = "20/d"
# Enough look-ups for a person, far too few to guess receipt codes.
FOLLOW_RATE_ADDRESS = "30/h"
# Kept files of refused objection forms (portal.core.kept_files).
KEPT_PURPOSE = "objections"


def _kept_limits() -> KeptLimits:
    # What the objection itself accepts, and so at most what is kept.
    return KeptLimits(
        files=MAX_OBJECTION_FILES,
        bytes_each=settings.PORTAL_UPLOAD_MAX_BYTES,
        bytes_total=MAX_OBJECTION_BYTES,
    )


def _published(slug: str) -> CandidateList:
    """Returns the list whose live publicity notice has ``slug``, or 404."""
    candidate_list = (
        CandidateList.objects.select_related("period", "publicity_page")
        .filter(publicity_page__slug=slug, publicity_page__live=True)
        .first()
    )
    if candidate_list is None:
        raise Http404
    return candidate_list


def _limited(request, form: ObjectionForm):
    """The 429 page if this attempt is one too many from its address or
    its contact, else None (every attempt counts)."""
    if limit_count(request, group="objection-ip", rate=OBJECTION_RATE_ADDRESS):
        return too_many(
            request, _("Too many objections from your address. Please try again later.")
        )
    if limit_count(
        request,
        group="objection-contact",
        rate=OBJECTION_RATE_CONTACT,
        key=fixed_key(form.contact_key()),
    ):
        return too_many(
            request, _("Too many objections from this contact today. Please try tomorrow.")
        )
    return None


def _candidate_limit(request, candidate_id, *, count: bool = False) -> bool:
    """Returns True if the candidate has had as many accepted objections
    today as OBJECTION_RATE_CANDIDATE allows; with ``count``, counts one
    more instead (after an objection is accepted)."""
    limit = limit_count if count else limit_reached
    return limit(
        request,
        group="objection-candidate",
        rate=OBJECTION_RATE_CANDIDATE,
        key=fixed_key(str(candidate_id)),
    )


def objection_form(request, slug: str):
    """Shows and accepts the objection form of a publicity notice. A refused
    objection comes back with everything typed and the acceptable files
    kept (within the form's limits, for a few hours); an accepted one leads
    to its receipt code."""
    candidate_list = _published(slug)
    page = candidate_list.publicity_page.specific
    status = publicity_status(candidate_list=candidate_list)
    candidates = [
        c for c in publicity_candidates(candidate_list=candidate_list) if c["status"] == "candidate"
    ]
    form = ObjectionForm(request.POST or None, request.FILES or None, candidates=candidates)
    problems: list[str] = []
    kept_names: list[str] = []
    if request.method == "POST":
        refused = _limited(request, form)
        if refused:
            return refused
        uploads = request.FILES.getlist("files")
        if form.is_valid():
            data = form.cleaned_data
            signed_kept = data["pending"]
            if _candidate_limit(request, data["candidate"]):
                return too_many(
                    request,
                    _("This candidate has received many objections today. Please try tomorrow."),
                )
            try:
                with kept_files_open(purpose=KEPT_PURPOSE, signed=signed_kept) as kept:
                    objection = objection_submit(
                        candidate_list=candidate_list,
                        application_id=data["candidate"],
                        name=data["name"],
                        phone=data["phone"],
                        email=data["email"],
                        grounds=data["grounds"],
                        uploads=[*kept, *data["files"]],
                    )
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                _candidate_limit(request, data["candidate"], count=True)
                kept_files_clear(purpose=KEPT_PURPOSE, signed=signed_kept)
                request.session["objection_receipt"] = objection.receipt_code
                return redirect(page.url + "follow/")
        else:
            problems = form.problems()
            signed_kept = form.data.get("pending", "")[:500]
        # Keep the files that would be accepted for the next attempt, and what
        # was typed (a fresh form: the typed values come back as its data).
        acceptable = [u for u in uploads if not objection_upload_problems(uploads=[u])]
        data = form.data.copy()
        data["pending"] = kept_files_keep(
            purpose=KEPT_PURPOSE, uploads=acceptable, signed=signed_kept, limits=_kept_limits()
        )
        kept_names = kept_files_names(purpose=KEPT_PURPOSE, signed=data["pending"])
        data["shown"] = shown_token(age=MIN_SECONDS)
        form = ObjectionForm(data, candidates=candidates)
    else:
        form = ObjectionForm(initial={"shown": shown_token()}, candidates=candidates)
    return render(
        request,
        "applications/publicity/objection.html",
        {
            "page": page,
            "self": page,
            "status": status,
            "form": form,
            "problems": problems,
            "pending_names": kept_names,
        },
        status=400 if problems else 200,
    )


def objection_follow(request, slug: str):
    """Shows where an objection stands, to whoever holds its receipt code:
    the candidate, the dates, the state and the written reason; never the
    objector's name or contact."""
    candidate_list = _published(slug)
    page = candidate_list.publicity_page.specific
    objection = None
    not_found = False
    just_submitted = request.session.pop("objection_receipt", None)
    code = just_submitted
    if request.method == "POST":
        if limit_count(request, group="objection-follow", rate=FOLLOW_RATE_ADDRESS):
            return too_many(
                request, _("Too many look-ups from your address. Please try again later.")
            )
        form = FollowForm(request.POST)
        code = form.cleaned_data["code"] if form.is_valid() else ""
        not_found = not code
    if code:
        objection = objection_by_receipt(code=code)
        if objection is not None and objection.candidate_list_id != candidate_list.pk:
            objection = None
        not_found = objection is None
    return render(
        request,
        "applications/publicity/follow.html",
        {
            "page": page,
            "self": page,
            "objection": objection,
            "not_found": not_found,
            "just_submitted": bool(just_submitted),
        },
    )
