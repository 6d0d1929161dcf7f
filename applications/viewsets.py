"""Staff screens of the applications app in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import RuleSet


class RuleSetViewSet(SnippetViewSet):
    """The numbers of each measure version; every save is a revision."""

    model = RuleSet
    icon = "cog"
    menu_label = _("Rule sets")
    add_to_settings_menu = True
    list_display = ["measure", "min_site_area_m2", "min_staff", "min_senior_staff_research"]
