"""An applicant's drafts beyond their steps: the autosave of a step while
the applicant types, keeping the session alive, deleting a draft, and the
application form template to download.

The autosave answers JSON and never redirects: a request whose session has
ended gets 401, and the page's script (static/applications/draft.js) keeps
what was typed in the browser's sessionStorage until the step is opened
again after signing in (see that script)."""

from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.core.errors import Refused
from portal.core.pdf import render_pdf
from portal.core.ratelimit import limit_count

from ..eligibility import Category
from ..forms import NumbersForm
from ..materials import BASE_SLOTS
from ..services.drafts import application_delete_draft, application_update
from .applications import own_application, step_context
from .draft_steps import NARRATIVE, TYPED_STEPS

# Autosaves per user: the script saves a few seconds after typing stops, so
# a person typing all the time stays well below.
AUTOSAVE_RATE = "120/10m"


def _user_key(group, request) -> str:
    return f"user:{request.user.pk}"


def _json(status: int, **data) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _not_saved(forms: dict) -> list[str]:
    """The names of the fields (and the prefixes of the tables) whose input
    is not valid yet, so not saved."""
    names = set()
    for form in forms.values():
        if hasattr(form, "management_form"):
            if not form.is_valid():
                names.add(form.prefix)
        else:
            names |= {form[name].html_name for name in form.errors if name in form.fields}
    return sorted(names)


@never_cache
@require_POST
def autosave(request, pk: int, step: str):
    """Saves what is valid of a typed step (views.draft_steps, partial) and
    answers JSON: ``saved`` with the time, and the fields not saved because
    what they hold is not valid yet (they keep their saved value)."""
    if not request.user.is_authenticated:
        return _json(401, saved=False, signed_in=False, message=_("Your session has ended."))
    if step not in TYPED_STEPS:
        raise Http404
    application = own_application(request, pk)
    make_forms, values_of, kind = TYPED_STEPS[step]
    if not application.is_draft or application.kind != kind:
        return _json(409, saved=False, message=_("This draft can no longer be changed here."))
    if limit_count(request, group="draft-autosave", rate=AUTOSAVE_RATE, key=_user_key):
        return _json(
            429, saved=False, message=_("Not saved automatically: too many saves. Use Save.")
        )
    forms = make_forms(application, request.POST)
    values = values_of(application, forms, partial=True)
    try:
        application_update(application=application, user=request.user, data=values)
    except Refused as refused:
        return _json(409, saved=False, message=str(refused))
    not_saved = _not_saved(forms)
    now = timezone.localtime().strftime("%H:%M")
    return _json(
        200,
        saved=True,
        time=now,
        not_saved=not_saved,
        message=_("Saved automatically at %(time)s") % {"time": now},
    )


@never_cache
@require_POST
def keep_alive(request):
    """Extends the session (saved on every request, for SESSION_COOKIE_AGE
    from now); answers how long it now lasts."""
    if not request.user.is_authenticated:
        return _json(401, signed_in=False)
    request.session.modified = True
    return _json(200, signed_in=True, seconds=settings.SESSION_COOKIE_AGE)


@login_required
@require_http_methods(["GET", "POST"])
def delete_draft(request, pk: int):
    """A page asking to confirm, which says that deleting cannot be undone;
    its button deletes the draft with its files."""
    application = own_application(request, pk)
    if not application.is_draft or application.receipt_number:
        return redirect("applications:review", pk=pk)
    if request.method == "POST":
        try:
            application_delete_draft(application=application, user=request.user)
        except Refused as refused:
            messages.error(request, str(refused))
            return redirect("applications:step_materials", pk=pk)
        messages.success(request, _("The draft has been deleted."))
        return redirect("applications:dashboard")
    return render(
        request,
        "applications/delete_draft.html",
        step_context(application, "delete", materials=application.materials.count()),
    )


@lru_cache(maxsize=1)
def _form_template_pdf() -> bytes:
    numbers = NumbersForm()
    return render_pdf(
        "pdf/application_form.html",
        {
            "slots": BASE_SLOTS,
            "categories": Category.choices,
            "numbers": numbers,
            "narratives": [numbers[name] for name in NARRATIVE],
        },
    )


@require_GET
def form_template(request):
    """The application form template (申报书模板) as a PDF, the same for
    everyone (made once per process)."""
    response = HttpResponse(_form_template_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, "申报书模板.pdf")
    return response
