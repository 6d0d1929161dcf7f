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


@hooks.register("construct_homepage_panels")
def add_bureau_dashboard(request, panels):
    """The bureau's dashboard on the admin home, for municipal reviewers and
    administrators (see evaluations.dashboard); others keep Wagtail's."""
    from .dashboard import bureau_panels

    panels.extend(bureau_panels(request=request))
