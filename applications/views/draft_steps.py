"""The forms of each typed step of a draft and what saving them writes, in
one place for the step's page (views.applications: the save buttons) and
its autosave (views.drafts).

``*_values(application, forms, partial=...)`` returns the draft fields to
write (for services.drafts.application_update), or None when nothing may
be written. A full save writes only when every form is valid. A partial
save (the autosave while the applicant types) writes what is valid and
keeps the saved value of every field or table that is not: a half-typed
number or row never empties another field."""

from ..eligibility import QUALITATIVE_RESERVE_CONDITIONS
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
    formset_rows,
)
from ..models import Application

NARRATIVE = ("authenticity", "inheritors", "safeguarding", "participation", "benefits")


def _valid_fields(form) -> dict:
    """The cleaned values of the fields of ``form`` that are valid (all of
    them when it is valid)."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def projects_forms(application: Application, data) -> dict:
    category = CategoryForm(data, initial={"category": application.category})
    projects = ProjectFormSet(data, prefix="projects", initial=application.ich_projects)
    inheritors = InheritorFormSet(data, prefix="inheritors", initial=application.inheritors)
    holders = SkilledHolderFormSet(data, prefix="holders", initial=application.skilled_holders)
    branch = InheritorBranchForm(
        data,
        initial={"inheritor_branch": application.inheritor_branch},
        inheritors=inheritors,
        holders=holders,
    )
    return {
        "category": category,
        "projects": projects,
        "inheritors": inheritors,
        "holders": holders,
        "branch": branch,
    }


def projects_values(application: Application, forms: dict, *, partial: bool) -> dict | None:
    if not partial:
        if not all([form.is_valid() for form in forms.values()]):
            return None
        return {
            "category": forms["category"].cleaned_data["category"],
            "ich_projects": formset_rows(forms["projects"]),
            "inheritor_branch": forms["branch"].cleaned_data["inheritor_branch"],
            "inheritors": formset_rows(forms["inheritors"]),
            "skilled_holders": formset_rows(forms["holders"]),
        }
    values = {}
    category = _valid_fields(forms["category"])
    if "category" in category:
        values["category"] = category["category"]
    for name, field in (
        ("projects", "ich_projects"),
        ("inheritors", "inheritors"),
        ("holders", "skilled_holders"),
    ):
        if forms[name].is_valid():
            values[field] = formset_rows(forms[name])
    branch = _valid_fields(forms["branch"])
    if "inheritor_branch" in branch:
        values["inheritor_branch"] = branch["inheritor_branch"]
    return values


def numbers_forms(application: Application, data) -> dict:
    initial = {
        "site_area_m2": application.site_area_m2,
        "staff_count": application.staff_count,
        "relaxation_requested": application.relaxation_requested,
        "relaxation_reason": application.relaxation_reason,
        **application.narrative,
    }
    return {
        "form": NumbersForm(data, initial=initial),
        "senior": SeniorStaffFormSet(data, prefix="senior", initial=application.senior_staff),
    }


def numbers_values(application: Application, forms: dict, *, partial: bool) -> dict | None:
    numbers, senior = forms["form"], forms["senior"]
    if not partial and not (numbers.is_valid() and senior.is_valid()):
        return None
    cleaned = _valid_fields(numbers)
    values = {
        name: cleaned[name]
        for name in ("site_area_m2", "staff_count", "relaxation_requested", "relaxation_reason")
        if name in cleaned
    }
    values["narrative"] = {
        **({} if not partial else application.narrative),
        **{k: cleaned[k] for k in NARRATIVE if k in cleaned},
    }
    if senior.is_valid():
        values["senior_staff"] = formset_rows(senior)
    return values


def area_forms(application: Application, data) -> dict:
    """Only the text of reserve step 1 (the zone's counties and townships
    are saved by the step's own buttons, which ask the counties)."""
    initial = {"holistic_since": application.holistic_since, **application.narrative}
    return {"form": ReserveAreaForm(data, initial=initial)}


def area_values(application: Application, forms: dict, *, partial: bool) -> dict | None:
    form = forms["form"]
    if not partial and not form.is_valid():
        return None
    cleaned = _valid_fields(form)
    values = {"holistic_since": cleaned["holistic_since"]} if "holistic_since" in cleaned else {}
    values["narrative"] = {
        **({} if not partial else application.narrative),
        **{
            code: cleaned[code]
            for code, _article in QUALITATIVE_RESERVE_CONDITIONS
            if code in cleaned
        },
    }
    return values


def outline_forms(application: Application, data) -> dict:
    return {"form": OutlineForm(data, initial=application.outline)}


def outline_values(application: Application, forms: dict, *, partial: bool) -> dict | None:
    form = forms["form"]
    if not partial and not form.is_valid():
        return None
    return {"outline": {**({} if not partial else application.outline), **_valid_fields(form)}}


# The steps an applicant types in: code → (forms, values, kind of application).
TYPED_STEPS = {
    "projects": (projects_forms, projects_values, "base"),
    "numbers": (numbers_forms, numbers_values, "base"),
    "area": (area_forms, area_values, "reserve"),
    "outline": (outline_forms, outline_values, "reserve"),
}
