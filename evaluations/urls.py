"""URLs of an established unit's own pages, under /units/."""

from django.urls import path

from .views import unit_changes, units

unit_patterns = (
    [
        path("", units.unit_list, name="list"),
        path("<str:code>/", units.unit_detail, name="detail"),
        path("<str:code>/shared/", units.unit_shared, name="shared"),
        path("<str:code>/plan/", units.plan_file, name="plan"),
        path("<str:code>/self-assessment/<int:year>/", units.assessment_edit, name="assessment"),
        path(
            "<str:code>/self-assessment/<int:year>/report/",
            units.assessment_report,
            name="assessment_report",
        ),
        path("<str:code>/plan/change/", unit_changes.plan_change, name="plan_change"),
        path(
            "<str:code>/plan/<int:pk>/document/", unit_changes.plan_document, name="plan_document"
        ),
        path(
            "<str:code>/rectification/<int:pk>/",
            unit_changes.rectification_report,
            name="rectification",
        ),
        path(
            "<str:code>/rectification/<int:pk>/document/",
            unit_changes.rectification_document,
            name="rectification_document",
        ),
        path("<str:code>/acceptance/", units.acceptance_application, name="acceptance"),
    ],
    "my_units",
)
