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


# Comprehensive evaluations, rectification and delisting (第三十六条,
# 第三十八条): the indicator set, rounds, orders, and experts' scoring.
LOG_ACTIONS += [
    ("portal.indicator.weights", _("Set indicator weights"), _("Indicator weights set")),
    ("portal.evaluation.open", _("Open evaluation round"), _("Evaluation round opened")),
    ("portal.evaluation.assign", _("Assign scorers"), _("Evaluation scorers assigned")),
    ("portal.evaluation.score", _("Score evaluation"), _("Evaluation scores submitted")),
    ("portal.evaluation.conclude", _("Conclude evaluation"), _("Evaluation concluded")),
    ("portal.evaluation.commend", _("Commend"), _("Commendation published")),
    ("portal.rectification.issue", _("Order rectification"), _("Rectification ordered")),
    ("portal.rectification.report", _("Report rectification"), _("Rectification reported")),
    ("portal.rectification.close", _("Close rectification"), _("Rectification verified")),
    ("portal.rectification.fail", _("Find not rectified"), _("Found not rectified")),
    ("portal.unit.delist", _("Delist unit"), _("Unit delisted")),
]


# Imported here, not at the top, to keep this block in one piece.
from wagtail.snippets.models import register_snippet  # noqa: E402

from .viewsets.evaluation import IndicatorViewSet  # noqa: E402

register_snippet(IndicatorViewSet)


@hooks.register("register_admin_viewset")
def register_evaluation_viewsets():
    from .viewsets.evaluation import evaluation_round_viewset, rectification_order_viewset
    from .viewsets.units import approval_viewset, unit_viewset

    return [unit_viewset, approval_viewset, evaluation_round_viewset, rectification_order_viewset]


@hooks.register("register_admin_menu_item")
def register_evaluation_scoring_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from applications.roles import Role

    class ScoringMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.groups.filter(
                name__in=[Role.EXPERT, Role.MUNICIPAL_REVIEWER]
            ).exists()

    return ScoringMenuItem(
        _("My evaluation scoring"),
        reverse("evaluation_rounds:my_scoring"),
        icon_name="clipboard-list",
        order=211,
    )


# Approval and establishment (第十二条); import of units approved before
# the portal (第三十九–四十条).
LOG_ACTIONS += [
    ("portal.approval.record", _("Record approval"), _("Municipal approval recorded")),
    ("portal.unit.establish", _("Establish unit"), _("Unit established")),
    ("portal.unit.certificate", _("Render certificate"), _("Certificate rendered")),
    ("portal.unit.import", _("Import units"), _("Units imported from a file")),
    ("portal.unit.imported", _("Unit imported"), _("Unit approved before the portal imported")),
]


@hooks.register("register_admin_urls")
def register_unit_import_urls():
    from django.urls import path

    from .views import imports

    return [
        path("unit-import/", imports.upload_view, name="unit_import"),
        path("unit-import/confirm/", imports.confirm_view, name="unit_import_confirm"),
        path("unit-import/template.csv", imports.template_view, name="unit_import_template"),
        path("unit-import/<int:pk>/", imports.result_view, name="unit_import_result"),
    ]


@hooks.register("register_admin_menu_item")
def register_unit_import_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from applications.selectors import staff_may_view

    class UnitImportMenuItem(MenuItem):
        def is_shown(self, request):
            # The answer ReviewPermissionPolicy already remembered on the
            # user for the menu's 设立单位: no query of its own.
            user = request.user
            if not hasattr(user, "_may_review"):
                user._may_review = staff_may_view(user=user)
            return user._may_review

    # After 设立单位 (established units, 207) and the filings and evaluation screens (208–209).
    return UnitImportMenuItem(
        _("Import established units"), reverse("unit_import"), icon_name="upload", order=210
    )
