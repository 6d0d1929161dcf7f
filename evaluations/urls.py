"""URLs of an established unit's own pages, under /units/."""

from django.urls import path

from .views import units

unit_patterns = (
    [
        path("", units.unit_list, name="list"),
        path("<str:code>/", units.unit_detail, name="detail"),
        path("<str:code>/plan/", units.plan_file, name="plan"),
        path("<str:code>/self-assessment/<int:year>/", units.assessment_edit, name="assessment"),
        path(
            "<str:code>/self-assessment/<int:year>/report/",
            units.assessment_report,
            name="assessment_report",
        ),
        path("<str:code>/acceptance/", units.acceptance_application, name="acceptance"),
    ],
    "my_units",
)
