"""The whole file of a submitted application, read-only, in the order of
its form: what reviewers read on the review page and experts beside their
scores. Labels come from the form's fields, the eligibility rules and the
material slots (applications.materials), never from codes."""

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from portal.core.audit import audit_timeline

from ..eligibility import OUTLINE_PARTS, QUALITATIVE_BASE_CONDITIONS, QUALITATIVE_RESERVE_CONDITIONS
from ..forms.drafts import NumbersForm, OutlineForm, ProjectForm, ReserveAreaForm, SeniorStaffForm
from ..materials import GOVERNMENT_DOCUMENTS, RESERVE_SLOTS, Slot, slots_for
from ..models import Application, ApplicationKind, Township

# The uploads shown inline: PDFs in a frame, images as images.
PREVIEWS = {"pdf": "pdf", "jpeg": "image", "png": "image"}

# Which parts of the file each seeded scoring criterion (by kind and code)
# is about: the narratives of 第七条 / 第五条 and the outline of 第九条.
# A criterion an admin adds is shown with no part; a part no criterion
# names is shown after the criteria.
CRITERION_PARTS = {
    ApplicationKind.BASE: {
        "transmission": ("authenticity", "inheritors"),
        "safeguarding": ("safeguarding",),
        "dissemination": ("participation",),
        "benefits": ("benefits",),
    },
    ApplicationKind.RESERVE: {
        "heritage": ("heritage", "resources"),
        "transmission": ("transmission", "government"),
        "environment": ("sites", "core_areas"),
        "management": ("management",),
        "outline": tuple(code for code, _article in OUTLINE_PARTS),
    },
}


def value_shown(field: forms.Field, value):
    """The value of ``field`` as read: a choice by its label, yes or no,
    "—" for nothing (a model choice as stored: its choices would query)."""
    if isinstance(field, forms.BooleanField):
        return _("Yes") if value else _("No")
    if value in (None, "", [], {}):
        return "—"
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return dict(choices).get(value, value)
    return value


def form_table(form_class, rows: list) -> dict:
    """Rows of a formset's form (dicts by field name) as a table: the
    fields' labels as headers, each value as read (value_shown)."""
    fields = list(form_class.base_fields.items())
    return {
        "headers": [field.label for _name, field in fields],
        "rows": [[value_shown(field, row.get(name)) for name, field in fields] for row in rows],
    }


def _texts(form_class, conditions, answers: dict) -> list[dict]:
    """Each condition's answer in full, labelled by its form field."""
    return [
        {
            "code": code,
            "article": article,
            "label": form_class.base_fields[code].label,
            "text": (answers or {}).get(code) or "",
        }
        for code, article in conditions
    ]


def _materials(application: Application, slots: list[Slot]) -> list[dict]:
    """The files by slot: every slot holding a file, in the form's order;
    a file in a slot the form no longer names is shown under its code."""
    materials = list(application.materials.all())
    known = {slot.code for slot in slots}
    extra = [Slot(code, code) for code in dict.fromkeys(m.slot for m in materials)]
    extra = [slot for slot in extra if slot.code not in known]
    return [
        {
            "code": slot.code,
            "label": slot.label,
            "files": [
                {"material": m, "preview": PREVIEWS.get(m.content_kind)}
                for m in materials
                if m.slot == slot.code
            ],
        }
        for slot in (*slots, *extra)
        if any(m.slot == slot.code for m in materials)
    ]


def _reserve(application: Application) -> dict:
    involvements = list(application.involvements.all())
    townships = sorted(application.townships.all(), key=lambda t: (t.county.code, t.name))
    lead = application.organisation.county
    counties = [
        lead,
        *sorted({i.county for i in involvements} - {lead}, key=lambda c: c.code),
    ]
    names = {str(t.pk): t.name for t in Township.objects.filter(pk__in=application.villages or {})}
    villages = [
        {"township": names.get(str(pk), pk), "names": listed}
        for pk, listed in (application.villages or {}).items()
        if listed
    ]
    every_county = sorted(
        {*counties, *(t.county for t in townships)}, key=lambda c: (c != lead, c.code)
    )
    slots = [
        Slot(
            f"{GOVERNMENT_DOCUMENTS}:{county.code}",
            _("%(county)s government's application and approval (Article 6 (1))")
            % {"county": county.name},
        )
        for county in sorted(every_county, key=lambda c: c.code)
    ]
    return {
        "counties": counties,
        "townships": townships,
        "villages": villages,
        "narratives": _texts(
            ReserveAreaForm, QUALITATIVE_RESERVE_CONDITIONS, application.narrative
        ),
        "outline": _texts(OutlineForm, OUTLINE_PARTS, application.outline),
        "slots": [*slots, *RESERVE_SLOTS],
    }


def application_file(*, application: Application) -> dict:
    """Returns the whole file of ``application`` as read, in the order of
    its form, loaded in a fixed number of queries whatever the number of
    its projects, people, materials or log entries: the ``application``
    (with its organisation, county and township), its ``projects`` and
    ``senior_staff`` as tables, ``judgement`` (the eligibility it was
    submitted with), ``narratives`` (第七条（一）–（五） or 第五条), for a
    reserve ``counties``, ``townships``, ``villages`` and ``outline``
    (第九条), its ``materials`` by slot (each file with its ``preview``:
    pdf, image or None) and its ``history`` (the audit log)."""
    related = ["materials"]
    if application.kind == ApplicationKind.RESERVE:
        related += [
            Prefetch("townships", queryset=Township.objects.select_related("county")),
            "involvements__county",
        ]
    application = (
        Application.objects.select_related("organisation__county", "organisation__township")
        .prefetch_related(*related)
        .get(pk=application.pk)
    )
    file = {
        "application": application,
        "kind": application.kind,
        "judgement": application.eligibility or None,
        "history": list(audit_timeline(application)),
    }
    if application.kind == ApplicationKind.RESERVE:
        reserve = _reserve(application)
        slots = reserve.pop("slots")
        file.update(reserve, materials=_materials(application, slots))
    else:
        file.update(
            {
                "projects": form_table(ProjectForm, application.ich_projects),
                "senior_staff": form_table(SeniorStaffForm, application.senior_staff),
                "narratives": _texts(
                    NumbersForm, QUALITATIVE_BASE_CONDITIONS, application.narrative
                ),
                "materials": _materials(application, [s for s, _r in slots_for(application)]),
            }
        )
    return file


def file_beside_criteria(*, file: dict, criteria) -> dict:
    """Returns, for the expert's scoring form, each of ``criteria`` with the
    narratives and outline parts of ``file`` it is about (``rows``), and
    the parts no criterion is about (``others``)."""
    parts = {part["code"]: part for part in (*file["narratives"], *file.get("outline", ()))}
    about = CRITERION_PARTS.get(file["kind"], {})
    rows, used = [], set()
    for criterion in criteria:
        codes = [code for code in about.get(criterion.code, ()) if code in parts]
        used.update(codes)
        rows.append({"criterion": criterion, "parts": [parts[code] for code in codes]})
    return {"rows": rows, "others": [part for code, part in parts.items() if code not in used]}
