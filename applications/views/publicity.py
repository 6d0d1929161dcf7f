"""Public pages of a publicity list: the objection form and the page where
an objector follows the handling by receipt code, at the publicity
notice's address (…/objection/, …/follow/; routed by the project's URLs).
Rate-limited, CSRF-protected, and never showing an objector's identity."""

import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.core.ratelimit import client_address, rate_limited
from portal.core.spamguard import MIN_SECONDS, shown_token

from ..forms import FollowForm, ObjectionForm
from ..models import CandidateList
from ..selectors import objection_by_receipt, publicity_candidates, publicity_status
from ..services.objections import objection_submit, objection_upload_problems

PENDING_SALT = "portal.objection.pending"
MAX_SECONDS = 6 * 3600  # how long kept files wait for the next attempt
PENDING_DIR = "objections/pending"


def _rate_limited_page(request, message: str):
    return render(request, "rate_limited.html", {"message": message}, status=429)


def _stash(uploads, signed: str = "") -> str:
    """Keeps acceptable uploads of a form that failed, so the objector need
    not choose them again; returns the signed token naming them."""
    token = _pending_token(signed) or secrets.token_hex(12)
    storage = storages["private"]
    for upload in uploads:
        storage.save(f"{PENDING_DIR}/{token}/{secrets.token_hex(4)}-{upload.name}", upload)
    return signing.dumps(token, salt=PENDING_SALT)


def _pending_token(signed: str) -> str | None:
    try:
        return signing.loads(signed, salt=PENDING_SALT, max_age=MAX_SECONDS) if signed else None
    except signing.BadSignature:
        return None


def _pending_files(signed: str) -> list[File]:
    token = _pending_token(signed)
    if not token:
        return []
    storage = storages["private"]
    try:
        _dirs, names = storage.listdir(f"{PENDING_DIR}/{token}")
    except FileNotFoundError:
        return []
    files = []
    for name in sorted(names):
        handle = storage.open(f"{PENDING_DIR}/{token}/{name}", "rb")
        files.append(File(handle, name=name.split("-", 1)[1]))
    return files


def _pending_clear(signed: str) -> None:
    token = _pending_token(signed)
    if not token:
        return
    storage = storages["private"]
    try:
        _dirs, names = storage.listdir(f"{PENDING_DIR}/{token}")
    except FileNotFoundError:
        return
    for name in names:
        storage.delete(f"{PENDING_DIR}/{token}/{name}")


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


def objection_form(request, slug: str):
    """Shows and accepts the objection form of a publicity notice. A refused
    objection comes back with everything typed and the acceptable files
    kept; an accepted one leads to its receipt code."""
    candidate_list = _published(slug)
    page = candidate_list.publicity_page.specific
    status = publicity_status(candidate_list=candidate_list)
    candidates = [
        c for c in publicity_candidates(candidate_list=candidate_list) if c["status"] == "candidate"
    ]
    form = ObjectionForm(request.POST or None, request.FILES or None, candidates=candidates)
    problems: list[str] = []
    pending_names: list[str] = []
    if request.method == "POST":
        if rate_limited(scope="objection-ip", limit=10, period=3600, key=client_address(request)):
            return _rate_limited_page(
                request, _("Too many objections from your address. Please try again later.")
            )
        if rate_limited(scope="objection-contact", limit=5, period=86400, key=form.contact_key()):
            return _rate_limited_page(
                request, _("Too many objections from this contact today. Please try tomorrow.")
            )
        uploads = request.FILES.getlist("files")
        valid = form.is_valid()
        signed_pending = form.cleaned_data.get("pending", "") if valid else ""
        if valid:
            pending = _pending_files(signed_pending)
            data = form.cleaned_data
            try:
                objection = objection_submit(
                    candidate_list=candidate_list,
                    application_id=data["candidate"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    grounds=data["grounds"],
                    uploads=[*pending, *data["files"]],
                )
            except ValidationError as refused:
                problems.extend(refused.messages)
            else:
                _pending_clear(signed_pending)
                request.session["objection_receipt"] = objection.receipt_code
                return redirect(page.url + "follow/")
            finally:
                for handle in pending:
                    handle.close()
        else:
            problems = form.problems()
            signed_pending = form.data.get("pending", "")[:500]
        # Keep the files that would be accepted for the next attempt, and what
        # was typed (a fresh form: the typed values come back as its data).
        acceptable = [u for u in uploads if not objection_upload_problems(uploads=[u])]
        data = form.data.copy()
        if acceptable or signed_pending:
            data["pending"] = _stash(acceptable, signed_pending)
        pending_names = [f.name for f in _pending_files(data.get("pending", ""))]
        for handle in _pending_files(data.get("pending", "")):
            handle.close()
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
            "pending_names": pending_names,
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
        if rate_limited(
            scope="objection-follow", limit=30, period=3600, key=client_address(request)
        ):
            return _rate_limited_page(
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
