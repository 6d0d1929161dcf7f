from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .views import publish


@hooks.register("register_log_actions")
def register_cms_log_actions(actions):
    actions.register_action(
        "portal.measures.import", _("Import measures"), _("Measures imported from a file")
    )
    actions.register_action(
        "portal.measures.status", _("Change measures status"), _("Measures status changed")
    )
    actions.register_action("portal.site.setup", _("Set up site"), _("Site tree set up"))


@hooks.register("register_admin_urls")
def register_publish_url():
    # Reached from a candidate list's page under 备选名单.
    return [
        path(
            "candidate_lists/publish/<int:pk>/",
            publish.candidate_list_publish_view,
            name="publicity_publish",
        )
    ]
