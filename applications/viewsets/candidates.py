"""Staff screens of candidate lists (备选名单, 第十一条): the bureau records
a list from the reviewed applications and follows its publicity; the
publishing screen (cms) and the approval screens (evaluations) are reached
from a list's page."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.admin import NotFoundWhenForbidden, ServiceCreateView

from ..forms.candidates import CandidateListForm
from ..models import CandidateList
from ..selectors import publicity_candidates, publicity_status
from ..services.candidates import candidate_list_create
from .policies import BureauRecordsPolicy


class CandidateListInspectView(generic.InspectView):
    """The list's decision, then its publicity: state and dates, the
    candidates, objections, approvals and refusals, and the next step's
    button."""

    template_name = "applications/admin/candidate_list.html"
    fields = ["title", "kind", "decision", "created_by", "created_at"]

    def get_created_at_display_value(self):
        # Shown in Asia/Shanghai, as everywhere else.
        return date_format(localtime(self.object.created_at), "DATETIME_FORMAT")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidate_list = self.object
        context.update(
            {
                "status": publicity_status(candidate_list=candidate_list),
                "candidates": publicity_candidates(candidate_list=candidate_list),
                "objections": candidate_list.objections.select_related("application__organisation"),
                "approvals": candidate_list.approvals.prefetch_related("units"),
                "refusals": candidate_list.refusals.prefetch_related("applications__organisation"),
                "page": candidate_list.publicity_page,
            }
        )
        return context


class CandidateListCreateView(ServiceCreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        return candidate_list_create(
            user=self.request.user,
            title=data["title"],
            kind=data["kind"],
            decision=data["decision"],
            applications=list(data["applications"]),
        )


class CandidateListViewSet(NotFoundWhenForbidden, ModelViewSet):
    model = CandidateList
    form_class = CandidateListForm
    add_view_class = CandidateListCreateView
    inspect_view_enabled = True
    inspect_view_class = CandidateListInspectView
    icon = "list-ul"
    menu_label = gettext_lazy("Candidate lists")
    menu_order = 205
    add_to_admin_menu = True
    # The day of publication, not the row's creation (demo lists are made
    # long after the dates they stand for).
    list_display = ["title", "kind", "published_on", "created_by"]

    def get_form_class(self, for_update=False):
        return CandidateListForm


register_permission_policy(CandidateList, BureauRecordsPolicy(CandidateList), exact_class=True)
candidate_list_viewset = CandidateListViewSet("candidate_lists")
