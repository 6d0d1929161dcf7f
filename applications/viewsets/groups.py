"""Wagtail's screens of groups and users with the roles' Chinese labels
(issue 16). A role's group is named by the role's code, which the code looks
groups up by (applications.roles), so the groups are not renamed: these
screens show ``group_label`` where Wagtail would show the code. Installed
through portal.apps.PortalUsersConfig (Wagtail's group_viewset and
user_viewset)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import TitleColumn
from wagtail.users.views import groups, users

from ..roles import group_label


class RoleGroupIndexView(groups.IndexView):
    columns = [
        TitleColumn(
            "name",
            label=_("Role"),
            accessor=group_label,
            sort_key="name",
            url_name="wagtailusers_groups:edit",
        ),
    ]


class RoleGroupViewSet(groups.GroupViewSet):
    index_view_class = RoleGroupIndexView


class RoleLabelsForm:
    """Mixin of Wagtail's user forms: the roles' labels on the group boxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "groups" in self.fields:
            self.fields["groups"].label_from_instance = group_label


class RoleUserViewSet(users.UserViewSet):
    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (RoleLabelsForm, form_class), {})
