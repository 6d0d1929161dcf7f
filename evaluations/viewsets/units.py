"""Staff screens of established units in the Wagtail admin: 设立单位 (the
units, read-only, each with the timeline of its obligations) and the
screens of the municipal government's approval that establishes them."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from applications.roles import BUREAU, may
from applications.viewsets.policies import BureauPolicy
from portal.core.admin import NotFoundWhenForbidden

from ..models import ProtectedUnit, UnitStatus
from ..selectors import plan_in_force, unit_timeline
from ..views import approvals


class ProtectedUnitInspectView(generic.InspectView):
    """The unit's facts and the timeline of its obligations."""

    template_name = "evaluations/admin/unit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unit"] = self.object
        context["timeline"] = unit_timeline(unit=self.object)
        context["plan"] = plan_in_force(unit=self.object)
        # Issue 16: from an overdue obligation to an order, by clicking.
        if self.object.status != UnitStatus.DELISTED and may(self.request.user, BUREAU):
            context["order_url"] = reverse("rectification_orders:add") + f"?unit={self.object.pk}"
        return context


class ProtectedUnitIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The listing's county column: one query, not one a row.
        return ProtectedUnit.objects.select_related("county")


class ProtectedUnitViewSet(NotFoundWhenForbidden, ModelViewSet):
    """设立单位: the established units, read-only here."""

    model = ProtectedUnit
    icon = "success"
    menu_label = gettext_lazy("Established units")
    menu_order = 207
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = ProtectedUnitInspectView
    index_view_class = ProtectedUnitIndexView
    list_display = [
        "code",
        Column("name", label=gettext_lazy("Unit name"), sort_key="name"),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        "county",
        "established_on",
    ]
    # The dashboard's counts open this listing filtered by each of them.
    list_filter = ["status", "kind", "category", "county"]
    form_fields = ["name"]
    inspect_view_fields = [
        "code",
        "name",
        "kind",
        "category",
        "status",
        "organisation",
        "county",
        "established_on",
        "approval",
    ]


register_permission_policy(ProtectedUnit, BureauPolicy(ProtectedUnit), exact_class=True)
unit_viewset = ProtectedUnitViewSet("units")


class ApprovalViewSet(NotFoundWhenForbidden, ViewSet):
    """The municipal government's approval of a publicised candidate list
    (reached from the list's page under 备选名单) and its scan, and its
    refusal and the refusal's scan."""

    name = "approvals"
    url_prefix = "approvals"

    def get_urlpatterns(self):
        return [
            path("record/<int:pk>/", approvals.approval_record_view, name="record"),
            path("refuse/<int:pk>/", approvals.approval_refuse_view, name="refuse"),
            path("scan/<int:pk>/", approvals.approval_scan_view, name="scan"),
            path("refusal-scan/<int:pk>/", approvals.refusal_scan_view, name="refusal_scan"),
        ]


approval_viewset = ApprovalViewSet()
