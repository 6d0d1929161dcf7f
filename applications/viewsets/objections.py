"""Staff screens of objections (异议处理): the list, each objection with
the objector's identity and contact (staff only), and the decision."""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.admin import NotFoundWhenForbidden
from portal.core.audit import audit_timeline

from ..models import Objection
from ..views import objections
from .policies import BureauPolicy


class ObjectionInspectView(generic.InspectView):
    """One objection with the objector's identity and contact (staff only),
    its grounds and attachments, and the examine / decide forms."""

    template_name = "applications/admin/objection.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objection"] = self.object
        context["attachments"] = self.object.attachments.all()
        context["timeline"] = audit_timeline(self.object)
        return context


class ObjectionViewSet(NotFoundWhenForbidden, ModelViewSet):
    """异议处理: objections received on publicity lists."""

    model = Objection
    icon = "warning"
    menu_label = gettext_lazy("Objections")
    menu_order = 206
    add_to_admin_menu = True
    inspect_view_enabled = True
    inspect_view_class = ObjectionInspectView
    list_display = [
        "receipt_code",
        "candidate_list",
        Column("application", label=gettext_lazy("Candidate"), accessor="application.organisation"),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        DateColumn("submitted_at", label=gettext_lazy("Submitted at"), sort_key="submitted_at"),
    ]
    list_filter = ["status", "candidate_list"]
    form_fields = ["status"]

    def get_queryset(self, request):
        return Objection.objects.select_related("candidate_list", "application__organisation")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", objections.objection_decide_view, name="decide"),
            path(
                "attachment/<int:pk>/<int:attachment_pk>/",
                objections.objection_attachment_view,
                name="attachment",
            ),
        ]


register_permission_policy(Objection, BureauPolicy(Objection), exact_class=True)
objection_viewset = ObjectionViewSet("objections")
