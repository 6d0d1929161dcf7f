from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# (action, label, message) of every state change of the evaluations app.
LOG_ACTIONS = [
    ("portal.obligations.run", _("Run obligations job"), _("Daily obligations job ran")),
]


@hooks.register("register_log_actions")
def register_evaluation_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)


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

from .viewsets import IndicatorViewSet  # noqa: E402

register_snippet(IndicatorViewSet)


@hooks.register("register_admin_viewset")
def register_evaluation_viewsets():
    from .viewsets import evaluation_round_viewset, rectification_order_viewset

    return [evaluation_round_viewset, rectification_order_viewset]


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
