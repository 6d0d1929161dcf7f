from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# (action, label, message) of every state change of the evaluations app.
LOG_ACTIONS = [
    ("portal.obligations.run", _("Run obligations job"), _("Daily obligations job ran")),
    ("portal.plan.submit", _("File master plan"), _("Master plan filed")),
    ("portal.plan.file", _("Acknowledge master plan"), _("Master plan acknowledged")),
    ("portal.plan.return", _("Return master plan"), _("Master plan returned")),
    ("portal.plan.change_request", _("Request plan change"), _("Plan change requested")),
    ("portal.plan.change_approve", _("Approve plan change"), _("Plan change approved")),
    ("portal.plan.change_refuse", _("Refuse plan change"), _("Plan change refused")),
    ("portal.assessment.save", _("Save self-assessment"), _("Self-assessment saved")),
    (
        "portal.assessment.comment_open",
        _("Open public comment"),
        _("Self-assessment published for comment"),
    ),
    ("portal.assessment.comment", _("Comment"), _("Public comment received")),
    ("portal.assessment.submit", _("File self-assessment"), _("Self-assessment filed")),
    ("portal.assessment.file", _("Acknowledge self-assessment"), _("Self-assessment acknowledged")),
    ("portal.assessment.return", _("Return self-assessment"), _("Self-assessment returned")),
    ("portal.acceptance.apply", _("Apply for acceptance"), _("Acceptance applied for")),
    ("portal.acceptance.pass", _("Pass acceptance"), _("Acceptance passed")),
    ("portal.acceptance.fail", _("Fail acceptance"), _("Acceptance not passed")),
    ("portal.acceptance.plaque", _("Render plaque"), _("Plaque rendered")),
    ("portal.unit.protection_zone", _("Name protection zone"), _("Named a protection zone")),
]


@hooks.register("register_log_actions")
def register_evaluation_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_filing_urls():
    from django.urls import path

    from .views import staff

    return [
        path("filings/", staff.filings, name="evaluation_filings"),
        path("filings/<str:kind>/<int:pk>/", staff.filing, name="evaluation_filing"),
        path(
            "filings/<str:kind>/<int:pk>/decide/",
            staff.filing_decide,
            name="evaluation_filing_decide",
        ),
        path(
            "filings/<str:kind>/<int:pk>/file/<str:field>/",
            staff.filing_file,
            name="evaluation_filing_file",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_filings_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from applications.selectors import staff_may_view

    class StaffMenuItem(MenuItem):
        def is_shown(self, request):
            return staff_may_view(user=request.user)

    return StaffMenuItem(
        _("Filings"), reverse("evaluation_filings"), icon_name="doc-full", order=208
    )


@hooks.register("construct_homepage_panels")
def add_bureau_dashboard(request, panels):
    """The bureau's dashboard on the admin home, for municipal reviewers and
    administrators (see evaluations.dashboard); others keep Wagtail's."""
    from .dashboard import bureau_panels

    panels.extend(bureau_panels(request=request))
