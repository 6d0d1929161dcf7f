"""What an application holds, read-only, step by step in the order of its
form: the check-and-submit step shows it all, and after submission each
step can be read on its own. Labels come from the steps' forms and the
material slots (applications.materials), never from codes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import (
    CategoryForm,
    InheritorBranchForm,
    InheritorFormSet,
    NumbersForm,
    OutlineForm,
    ProjectFormSet,
    ReserveAreaForm,
    SeniorStaffFormSet,
    SkilledHolderFormSet,
)
from ..materials import slots_for
from ..models import Application, ApplicationKind, Township
from ..selectors.file import form_table, value_shown
from ..services.involvements import application_counties

# The URL of each step that edits what it shows.
STEP_URLS = {
    "projects": "applications:step_projects",
    "numbers": "applications:step_numbers",
    "area": "applications:step_area",
    "outline": "applications:step_outline",
    "materials": "applications:step_materials",
}


def _fields(form_class, data: dict) -> dict:
    return {
        "kind": "fields",
        "items": [
            {"label": field.label, "value": value_shown(field, data.get(name))}
            for name, field in form_class.base_fields.items()
        ],
    }


def _table(caption, formset_class, rows: list) -> dict:
    return {"kind": "table", "caption": caption, **form_table(formset_class.form, rows)}


def _materials(application: Application) -> dict:
    materials = list(application.materials.order_by("uploaded_at", "pk"))
    return {
        "kind": "materials",
        "slots": [
            {
                "code": slot.code,
                "label": slot.label,
                "required": required,
                "files": [m for m in materials if m.slot == slot.code],
            }
            for slot, required in slots_for(application)
            # A slot that need not hold a file and holds none is left out.
            if required or any(m.slot == slot.code for m in materials)
        ],
    }


def _zone(application: Application) -> dict:
    townships = list(
        application.townships.select_related("county").order_by("county__code", "name")
    )
    names = {str(t.pk): t.name for t in Township.objects.filter(pk__in=application.villages or {})}
    villages = [
        f"{names.get(str(pk), pk)}：{'、'.join(listed)}"
        for pk, listed in (application.villages or {}).items()
        if listed
    ]
    return {
        "kind": "fields",
        "items": [
            {
                "label": _("Counties"),
                "value": "、".join(c.name for c in application_counties(application)),
            },
            {"label": _("Townships"), "value": "、".join(t.name for t in townships) or "—"},
            {"label": _("Villages and communities"), "value": "；".join(villages) or "—"},
        ],
    }


def _base_parts(application: Application, step: str) -> list[dict]:
    if step == "projects":
        return [
            _fields(CategoryForm, {"category": application.category}),
            _table(gettext_lazy("ICH projects"), ProjectFormSet, application.ich_projects),
            _fields(InheritorBranchForm, {"inheritor_branch": application.inheritor_branch}),
            _table(
                gettext_lazy("Representative inheritors"), InheritorFormSet, application.inheritors
            ),
            _table(
                gettext_lazy("Skilled holders"), SkilledHolderFormSet, application.skilled_holders
            ),
        ]
    numbers = {
        "site_area_m2": application.site_area_m2,
        "staff_count": application.staff_count,
        "relaxation_requested": application.relaxation_requested,
        "relaxation_reason": application.relaxation_reason,
        **application.narrative,
    }
    return [
        _fields(NumbersForm, numbers),
        _table(
            gettext_lazy("Staff with senior titles"), SeniorStaffFormSet, application.senior_staff
        ),
    ]


def _reserve_parts(application: Application, step: str) -> list[dict]:
    if step == "area":
        return [
            _zone(application),
            _fields(
                ReserveAreaForm,
                {"holistic_since": application.holistic_since, **application.narrative},
            ),
        ]
    return [_fields(OutlineForm, application.outline)]


def application_section(application: Application, step: str, label) -> dict:
    """Returns one step of ``application`` as read: its ``code``, ``label``
    and ``parts`` (fields, tables, materials)."""
    if step == "materials":
        parts = [_materials(application)]
    elif application.kind == ApplicationKind.RESERVE:
        parts = _reserve_parts(application, step)
    else:
        parts = _base_parts(application, step)
    return {"code": step, "label": label, "url": STEP_URLS[step], "parts": parts}


def application_summary(application: Application, steps) -> list[dict]:
    """Returns every step of ``application`` but the last (check and
    submit) as read, in the order of ``steps``."""
    return [application_section(application, code, label) for code, label in steps[:-1]]
