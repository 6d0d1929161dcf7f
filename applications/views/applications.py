"""Applicants' pages: the dashboard, the three steps of a base
application, materials, submission, and permission-checked downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.core.errors import Refused

from ..eligibility import base_eligibility
from ..forms import (
    EligibilityForm,
    LicenceForm,
    MaterialsForm,
    NavigationForm,
    NewApplicationForm,
    ReserveZoneForm,
    villages_initial,
)
from ..forms.drafts import UPLOAD_RULES_ID, upload_rules
from ..materials import slots_for
from ..models import AccountProfile, Application, ApplicationKind, InvolvementStatus
from ..roles import APPLY_FOR_RESERVE, may
from ..selectors import (
    application_path,
    application_turn,
    applications_for_user,
    involvements_for_user,
    rules_on,
)
from ..services.accounts import account_verification_send
from ..services.drafts import (
    application_create,
    application_update,
    material_remove,
    materials_add,
)
from ..services.involvements import application_counties, reserve_zone_set
from ..services.submission import application_judgement
from ..workflow import State
from .draft_steps import (
    area_forms,
    area_values,
    numbers_forms,
    numbers_values,
    outline_forms,
    outline_values,
    projects_forms,
    projects_values,
)

STEPS = [
    ("projects", gettext_lazy("Category, projects and inheritors")),
    ("numbers", gettext_lazy("Site, staff and conditions")),
    ("materials", gettext_lazy("Materials")),
    ("review", gettext_lazy("Check and submit")),
]
RESERVE_STEPS = [
    ("area", gettext_lazy("Zone and conditions")),
    ("outline", gettext_lazy("Planning outline")),
    ("materials", gettext_lazy("Materials")),
    ("review", gettext_lazy("Check and submit")),
]


def own_application(request, pk: int) -> Application:
    return get_object_or_404(applications_for_user(user=request.user), pk=pk)


def step_context(application: Application, step: str, **extra) -> dict:
    steps = RESERVE_STEPS if application.kind == ApplicationKind.RESERVE else STEPS
    return {"application": application, "steps": steps, "step": step, **extra}


def _first_step(application: Application) -> str:
    if application.kind == ApplicationKind.RESERVE:
        return "applications:step_area"
    return "applications:step_projects"


def _editable(request, pk: int, kind: str | None = None):
    """Returns (application, None) for a draft of ``kind`` the user may edit,
    or (application, a redirect) to where it can be seen instead."""
    application = own_application(request, pk)
    if not application.is_draft:
        return application, redirect("applications:review", pk=pk)
    if kind is not None and application.kind != kind:
        return application, redirect(_first_step(application), pk=pk)
    return application, None


def _saved(request, pk: int, this_step: str, next_step: str):
    """After a step is saved: on to the next step (“save and continue”), or
    back to this one."""
    messages.success(request, _("Saved."))
    navigation = NavigationForm(request.POST)
    onward = navigation.is_valid() and navigation.cleaned_data["next"]
    return redirect(next_step if onward else this_step, pk=pk)


@login_required
def dashboard(request):
    """My organisation's applications, what is next for each, the email
    verification reminder and the state of the organisation's claim."""
    profile = AccountProfile.objects.filter(user=request.user).first()
    organisations = request.user.organisations.all()
    return render(
        request,
        "applications/dashboard.html",
        {
            "applications": [
                {
                    "application": application,
                    "path": application_path(application=application),
                    **application_turn(application=application),
                }
                for application in applications_for_user(user=request.user)
            ],
            "organisations": organisations,
            # Each organisation's claim to its code, and a form for another
            # licence when the county bureau refused it.
            "licence_form": LicenceForm(),
            "email_verified": bool(profile and profile.email_verified),
            "county_bureau": may(request.user, APPLY_FOR_RESERVE),
            # Reserve applications of other counties awaiting this bureau.
            "involvements_pending": involvements_for_user(user=request.user)
            .filter(status=InvolvementStatus.PENDING)
            .count(),
            "inbox": request.user.inbox.all()[:10],
        },
    )


@login_required
@require_POST
def create(request):
    form = NewApplicationForm(request.POST, user=request.user)
    if not form.is_valid():
        raise Http404
    application = application_create(
        organisation=form.cleaned_data["organisation"],
        user=request.user,
        kind=form.cleaned_data["kind"],
    )
    return redirect(_first_step(application), pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def step_projects(request, pk: int):
    application, elsewhere = _editable(request, pk, ApplicationKind.BASE)
    if elsewhere:
        return elsewhere
    forms = projects_forms(application, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        values = projects_values(application, forms, partial=False)
        if values is not None:
            application_update(application=application, user=request.user, data=values)
            return _saved(request, pk, "applications:step_projects", "applications:step_numbers")
    return render(
        request, "applications/step_projects.html", step_context(application, "projects", **forms)
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_numbers(request, pk: int):
    application, elsewhere = _editable(request, pk, ApplicationKind.BASE)
    if elsewhere:
        return elsewhere
    forms = numbers_forms(application, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        values = numbers_values(application, forms, partial=False)
        if values is not None:
            application_update(application=application, user=request.user, data=values)
            return _saved(request, pk, "applications:step_numbers", "applications:step_materials")
    return render(
        request,
        "applications/step_numbers.html",
        step_context(application, "numbers", judgement=application_judgement(application), **forms),
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_materials(request, pk: int):
    application = own_application(request, pk)
    if application.status not in (State.DRAFT, State.SUPPLEMENT_REQUESTED):
        return redirect("applications:review", pk=pk)
    slots = slots_for(application)
    posted = request.method == "POST"
    form = MaterialsForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        slots=[slot for slot, _required in slots],
    )
    if request.method == "POST" and form.is_valid():
        uploads = form.uploads()
        try:
            materials_add(application=application, user=request.user, uploads=uploads)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext("Uploaded %(count)d file.", "Uploaded %(count)d files.", len(uploads))
                % {"count": len(uploads)},
            )
            return redirect("applications:step_materials", pk=pk)
    materials = list(application.materials.all())
    slots = [
        {
            "slot": slot,
            "required": required,
            "files": [m for m in materials if m.slot == slot.code],
            "field": form[form.field_name(slot.code)],
        }
        for slot, required in slots
    ]
    return render(
        request,
        "applications/step_materials.html",
        step_context(
            application,
            "materials",
            form=form,
            slots=slots,
            upload_rules=upload_rules(),
            upload_rules_id=UPLOAD_RULES_ID,
        ),
    )


@login_required
@require_POST
def material_delete(request, pk: int, material_pk: int):
    application = own_application(request, pk)
    material = get_object_or_404(application.materials, pk=material_pk)
    try:
        material_remove(material=material, user=request.user)
    except Refused as error:
        messages.error(request, str(error))
    return redirect("applications:step_materials", pk=pk)


@login_required
@require_GET
def eligibility(request):
    """The live eligibility check of step 2, as JSON."""
    form = EligibilityForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"overall": None, "criteria": []})
    numbers = form.cleaned_data
    judgement = base_eligibility(
        category=numbers["category"],
        site_area_m2=numbers["area"],
        staff=numbers["staff"],
        senior_staff=numbers["senior"] or 0,
        special=numbers["special"],
        endangered=numbers["endangered"],
        rules=rules_on(day=timezone.localdate()),
    )
    return JsonResponse(judgement.as_dict(), json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def resend_verification(request):
    account_verification_send(user=request.user, request=request)
    messages.success(
        request, _("We have sent the link again to %(email)s.") % {"email": request.user.email}
    )
    return redirect("applications:dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def step_area(request, pk: int):
    """Reserve step 1: townships, holistic protection date, 第五条 conditions."""
    application, elsewhere = _editable(request, pk, ApplicationKind.RESERVE)
    if elsewhere:
        return elsewhere
    form = area_forms(application, request.POST or None)["form"]
    zone = ReserveZoneForm(
        request.POST or None,
        lead=application.organisation.county,
        named=application_counties(application)[1:],
        initial={
            "counties": application_counties(application)[1:],
            "townships": list(application.townships.all()),
            **villages_initial(application.villages),
        },
    )
    if request.method == "POST" and form.is_valid() and zone.is_valid():
        try:
            reserve_zone_set(
                application=application,
                user=request.user,
                counties=list(zone.cleaned_data["counties"]),
                townships=list(zone.cleaned_data["townships"]),
                villages=zone.villages(),
            )
        except Refused as refused:
            zone.add_error(None, str(refused))
        else:
            application_update(
                application=application,
                user=request.user,
                data=area_values(application, {"form": form}, partial=False),
            )
            return _saved(request, pk, "applications:step_area", "applications:step_outline")
    return render(
        request,
        "applications/step_area.html",
        step_context(
            application,
            "area",
            form=form,
            zone=zone,
            involvements=application.involvements.select_related("county", "decided_by"),
            judgement=application_judgement(application),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def step_outline(request, pk: int):
    """Reserve step 2: the planning outline's five parts (第九条)."""
    application, elsewhere = _editable(request, pk, ApplicationKind.RESERVE)
    if elsewhere:
        return elsewhere
    form = outline_forms(application, request.POST or None)["form"]
    if request.method == "POST" and form.is_valid():
        application_update(
            application=application,
            user=request.user,
            data=outline_values(application, {"form": form}, partial=False),
        )
        return _saved(request, pk, "applications:step_outline", "applications:step_materials")
    return render(
        request, "applications/step_outline.html", step_context(application, "outline", form=form)
    )
