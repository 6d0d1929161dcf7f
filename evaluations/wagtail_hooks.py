"""The units app in the Wagtail admin: its staff screens, menu items, the
bureau's dashboard on the admin home and the actions of its audit log.
The admin menu's order (after the applications app's 200–206):
established units 207, filings 208, evaluation rounds 209, rectification
orders 210, import of units 211, my evaluation scoring 213."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from applications.roles import BUREAU, SCORE_EVALUATIONS, may

from .dashboard import bureau_panels
from .models import CountyGovernment
from .views import imports, staff
from .viewsets.indicators import IndicatorViewSet
from .viewsets.rectification import rectification_order_viewset
from .viewsets.rounds import evaluation_round_viewset
from .viewsets.units import approval_viewset, unit_viewset

# (action, label, message) of every state change of the units app.
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
    # Comprehensive evaluations, rectification and delisting (第三十六条,
    # 第三十八条).
    ("portal.indicator.weights", _("Set indicator weights"), _("Indicator weights set")),
    ("portal.evaluation.open", _("Open evaluation round"), _("Evaluation round opened")),
    ("portal.evaluation.assign", _("Assign scorers"), _("Evaluation scorers assigned")),
    ("portal.evaluation.score", _("Score evaluation"), _("Evaluation scores submitted")),
    ("portal.evaluation.conclude", _("Conclude evaluation"), _("Evaluation concluded")),
    ("portal.evaluation.report_pdf", _("Render report"), _("Evaluation report rendered")),
    ("portal.evaluation.commend", _("Commend"), _("Commendation published")),
    ("portal.rectification.issue", _("Order rectification"), _("Rectification ordered")),
    ("portal.rectification.report", _("Report rectification"), _("Rectification reported")),
    ("portal.rectification.close", _("Close rectification"), _("Rectification verified")),
    ("portal.rectification.fail", _("Find not rectified"), _("Found not rectified")),
    ("portal.unit.delist", _("Delist unit"), _("Unit delisted")),
    # Approval and establishment (第十二条); units approved before the
    # portal (第三十九–四十条).
    ("portal.approval.record", _("Record approval"), _("Municipal approval recorded")),
    ("portal.unit.establish", _("Establish unit"), _("Unit established")),
    ("portal.unit.certificate", _("Render certificate"), _("Certificate rendered")),
    ("portal.unit.import", _("Import units"), _("Units imported from a file")),
    ("portal.unit.imported", _("Unit imported"), _("Unit approved before the portal imported")),
]

register_snippet(IndicatorViewSet)
# The county governments the evaluation reports are sent to (第三十六条).
register_snippet(CountyGovernment)


@hooks.register("register_log_actions")
def register_evaluation_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


@hooks.register("register_admin_viewset")
def register_evaluation_viewsets():
    return [unit_viewset, approval_viewset, evaluation_round_viewset, rectification_order_viewset]


@hooks.register("register_admin_urls")
def register_urls():
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
        path("unit-import/", imports.upload_view, name="unit_import"),
        path("unit-import/confirm/", imports.confirm_view, name="unit_import_confirm"),
        path("unit-import/template.csv", imports.template_view, name="unit_import_template"),
        path("unit-import/<int:pk>/", imports.result_view, name="unit_import_result"),
    ]


class PermissionMenuItem(MenuItem):
    """A menu item shown to whoever holds ``permission``."""

    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return may(request.user, self.permission)


@hooks.register("register_admin_menu_item")
def register_filings_menu_item():
    return PermissionMenuItem(
        _("Filings"),
        reverse("evaluation_filings"),
        icon_name="doc-full",
        order=208,
        permission=BUREAU,
    )


@hooks.register("register_admin_menu_item")
def register_unit_import_menu_item():
    return PermissionMenuItem(
        _("Import established units"),
        reverse("unit_import"),
        icon_name="upload",
        order=211,
        permission=BUREAU,
    )


@hooks.register("register_admin_menu_item")
def register_evaluation_scoring_menu_item():
    return PermissionMenuItem(
        _("My evaluation scoring"),
        reverse("evaluation_rounds:my_scoring"),
        icon_name="clipboard-list",
        order=213,
        permission=SCORE_EVALUATIONS,
    )


@hooks.register("construct_homepage_panels")
def add_bureau_dashboard(request, panels):
    """The bureau's dashboard on the admin home, for municipal reviewers and
    administrators (see evaluations.dashboard); others keep Wagtail's."""
    panels.extend(bureau_panels(request=request))
