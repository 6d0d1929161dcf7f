from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_log_actions")
def register_cms_log_actions(actions):
    actions.register_action(
        "portal.measures.import", _("Import measures"), _("Measures imported from a file")
    )
    actions.register_action(
        "portal.measures.status", _("Change measures status"), _("Measures status changed")
    )
    actions.register_action("portal.site.setup", _("Set up site"), _("Site tree set up"))
