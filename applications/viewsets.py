"""Staff screens of the applications app in the Wagtail admin."""

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ModelLogEntry
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from .filters import ApplicationFilterSet
from .materials import slots_for
from .models import AccountProfile, Application, CandidateList, Objection, Organisation, RuleSet
from .roles import Role
from .selectors import panel_summary, staff_may_view
from .services import (
    ApplicationError,
    TransitionRefused,
    application_transition,
    candidate_list_create,
    expert_assign,
    hearing_record,
    inspection_record,
    relaxation_decide,
    supplement_request,
    user_roles,
)
from .workflow import TRANSITIONS_BY_ACTION, State, transitions_from


class RuleSetViewSet(SnippetViewSet):
    """The numbers of each measure version; every save is a revision."""

    model = RuleSet
    icon = "cog"
    menu_label = gettext_lazy("Rule sets")
    add_to_settings_menu = True
    list_display = ["measure", "min_site_area_m2", "min_staff", "min_senior_staff_research"]


class OrganisationViewSet(ModelViewSet):
    """Registered organisations; staff add county bureau members here."""

    model = Organisation
    icon = "group"
    menu_label = gettext_lazy("Organisations")
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "uscc", "county", "contact_name"]
    list_filter = ["county"]
    search_fields = ["name", "uscc"]
    search_backend_name = None
    form_fields = [
        "uscc",
        "name",
        "county",
        "township",
        "address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "members",
    ]


class AccountProfileViewSet(ModelViewSet):
    """Email verification and the county of county bureau accounts."""

    model = AccountProfile
    icon = "user"
    menu_label = gettext_lazy("Account profiles")
    add_to_settings_menu = True
    list_display = ["user", "county", "email_verified_at"]
    list_filter = ["county"]
    form_fields = ["user", "county", "email_verified_at"]


organisation_viewset = OrganisationViewSet("organisations")
account_profile_viewset = AccountProfileViewSet("account_profiles")


class ReviewPermissionPolicy(ModelPermissionPolicy):
    """Reviewers and administrators may view applications here; nobody adds,
    edits or deletes them in the admin: every change is a declared workflow
    transition (see ApplicationTransitionView)."""

    allowed_actions = frozenset({"view"})

    def user_has_permission(self, user, action):
        if action not in self.allowed_actions:
            return False
        # Asked once per row of the queue: remember the answer on the user.
        if not hasattr(user, "_may_review"):
            user._may_review = staff_may_view(user=user)
        return user._may_review

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions, **kwargs):
        if not self.allowed_actions & set(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(groups__name__in=[Role.MUNICIPAL_REVIEWER, Role.ADMIN])
            )
            .distinct()
        )


def review_queryset():
    """Returns the applications reviewers work on: all but drafts."""
    return Application.objects.exclude(status=State.DRAFT).select_related("organisation__county")


class ApplicationIndexView(generic.IndexView):
    def get_base_queryset(self):
        return review_queryset()


class ApplicationInspectView(generic.InspectView):
    """One application on one page: its facts, eligibility, materials, the
    timeline of every logged event, and the actions the user may take."""

    template_name = "applications/admin/review.html"

    def get_object(self, queryset=None):
        return get_object_or_404(review_queryset(), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        roles = user_roles(self.request.user)
        context.update(
            {
                "application": application,
                "judgement": application.eligibility or None,
                "materials": application.materials.select_related("uploaded_by"),
                "timeline": ModelLogEntry.objects.filter(
                    content_type=ContentType.objects.get_for_model(Application),
                    object_id=str(application.pk),
                )
                .select_related("user")
                .order_by("timestamp"),
                "supplements": application.supplement_requests.select_related("period"),
                "inspections": application.inspections.prefetch_related("photos"),
                "hearings": application.hearings.all(),
                "panel": panel_summary(application=application),
                "experts": get_user_model()
                .objects.filter(groups__name=Role.EXPERT)
                .exclude(expert_assignments__application=application),
                "actions": [
                    t
                    for t in transitions_from(application.status)
                    if roles & t.roles and t.screen is None
                ],
                "slots": [slot for slot, _required in slots_for(application)],
            }
        )
        return context


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Give the date as YYYY-MM-DD.")) from None


# What a reviewer records on the review page, besides the transitions.
RECORDS = {
    "inspection_record": lambda request, application: inspection_record(
        application=application,
        user=request.user,
        inspected_on=_date(request.POST.get("date", "")),
        inspectors=request.POST.get("inspectors", ""),
        findings=request.POST.get("findings", ""),
        photos=request.FILES.getlist("photos"),
    ),
    "hearing_record": lambda request, application: hearing_record(
        application=application,
        user=request.user,
        held_on=_date(request.POST.get("date", "")),
        heard=request.POST.get("heard", ""),
        summary=request.POST.get("summary", ""),
    ),
    "expert_assign": lambda request, application: expert_assign(
        application=application,
        user=request.user,
        expert=get_object_or_404(
            get_user_model().objects.filter(groups__name=Role.EXPERT),
            pk=request.POST.get("expert"),
        ),
    ),
    "relaxation_decide": lambda request, application: relaxation_decide(
        application=application,
        user=request.user,
        granted=request.POST.get("granted") == "1",
        reason=request.POST.get("reason", ""),
    ),
}


class ApplicationTransitionView(View):
    """Takes one workflow action from the review page (POST only)."""

    def post(self, request, pk):
        application = get_object_or_404(Application, pk=pk)
        action = request.POST.get("action", "")
        reason = request.POST.get("reason", "")
        try:
            if action in RECORDS:
                RECORDS[action](request, application)
                messages.success(request, _("Recorded."))
                return redirect("applications_review:inspect", pk)
            if action == "request_supplement":
                slots = request.POST.getlist("slots")
                supplement_request(
                    application=application,
                    user=request.user,
                    items=[{"slot": s, "note": request.POST.get(f"note-{s}", "")} for s in slots],
                    message=reason,
                )
            elif getattr(TRANSITIONS_BY_ACTION.get(action), "screen", None):
                # Recorded with what goes with it, on its own screen.
                raise TransitionRefused(
                    [
                        _("“%(action)s” is recorded on its own screen.")
                        % {"action": TRANSITIONS_BY_ACTION[action].label}
                    ]
                )
            else:
                application_transition(
                    application=application, action=action, user=request.user, reason=reason
                )
        except ApplicationError as refused:
            messages.error(request, str(refused))
        except (ValidationError, ValueError) as invalid:
            messages.error(request, " ".join(getattr(invalid, "messages", [str(invalid)])))
        else:
            messages.success(
                request, _("Done: %(action)s.") % {"action": TRANSITIONS_BY_ACTION[action].label}
            )
        return redirect("applications_review:inspect", pk)


class ApplicationReviewViewSet(ModelViewSet):
    """The reviewers' queue (申报审核) and each application's review page."""

    model = Application
    icon = "tasks"
    menu_label = gettext_lazy("Application review")
    menu_order = 200
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    filterset_class = ApplicationFilterSet
    list_display = [
        Column("receipt_number", label=gettext_lazy("Receipt number"), sort_key="receipt_number"),
        "organisation",
        Column("get_kind_display", label=gettext_lazy("Kind")),
        Column("county", label=gettext_lazy("County"), accessor="organisation.county"),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        DateColumn("submitted_at", label=gettext_lazy("Submitted at"), sort_key="submitted_at"),
    ]
    ordering = ["-submitted_at"]
    search_fields = ["receipt_number", "organisation__name"]
    search_backend_name = None
    # No add or edit view is reachable (see ReviewPermissionPolicy); the
    # viewset still needs a form declaration.
    form_fields = ["status"]

    def get_queryset(self, request):
        return Application.objects.exclude(status=State.DRAFT).select_related(
            "organisation__county"
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("transition/<int:pk>/", self.transition_view, name="transition"),
        ]

    @property
    def transition_view(self):
        return require_POST(ApplicationTransitionView.as_view())


register_permission_policy(Application, ReviewPermissionPolicy(Application), exact_class=True)
application_review_viewset = ApplicationReviewViewSet("applications_review")


class CandidateListForm(WagtailAdminModelForm):
    class Meta:
        model = CandidateList
        fields = ["title", "kind", "decision", "applications"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = Application.objects.filter(
            status=State.REVIEWED
        ).select_related("organisation")
        self.fields["applications"].widget = forms.CheckboxSelectMultiple()
        self.fields["applications"].choices = [
            (a.pk, f"{a.receipt_number} · {a}") for a in self.fields["applications"].queryset
        ]


class CandidateListInspectView(generic.InspectView):
    """The list's decision, then its publicity: state and dates, the
    candidates, objections, approvals, and the next step's button."""

    template_name = "applications/admin/candidate_list.html"
    fields = ["title", "kind", "decision", "created_by", "created_at"]

    def get_created_at_display_value(self):
        # Shown in Asia/Shanghai, as everywhere else.
        return date_format(localtime(self.object.created_at), "DATETIME_FORMAT")

    def get_context_data(self, **kwargs):
        from .views.staff_publicity import candidate_list_context

        context = super().get_context_data(**kwargs)
        context.update(candidate_list_context(self.object))
        return context


class CandidateListCreateView(generic.CreateView):
    def get_success_buttons(self):
        # A recorded decision is not edited: no "edit" button.
        return []

    def save_instance(self):
        data = self.form.cleaned_data
        return candidate_list_create(
            user=self.request.user,
            title=data["title"],
            kind=data["kind"],
            decision=data["decision"],
            applications=list(data["applications"]),
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ApplicationError as refused:
            form.add_error(None, str(refused))
            return self.form_invalid(form)


class CandidateListPermissionPolicy(ReviewPermissionPolicy):
    """Reviewers record and read candidate lists; nobody edits or deletes
    one: it is the record of a decision."""

    allowed_actions = frozenset({"add", "view"})


class CandidateListViewSet(ModelViewSet):
    model = CandidateList
    form_class = CandidateListForm
    add_view_class = CandidateListCreateView
    inspect_view_enabled = True
    inspect_view_class = CandidateListInspectView
    icon = "list-ul"
    menu_label = gettext_lazy("Candidate lists")
    menu_order = 205
    add_to_admin_menu = True
    list_display = ["title", "kind", "created_at", "created_by"]

    def get_form_class(self, for_update=False):
        return CandidateListForm

    def get_urlpatterns(self):
        from .views import staff_publicity

        return [
            *super().get_urlpatterns(),
            path("publish/<int:pk>/", staff_publicity.candidate_list_publish_view, name="publish"),
        ]


register_permission_policy(
    CandidateList, CandidateListPermissionPolicy(CandidateList), exact_class=True
)
candidate_list_viewset = CandidateListViewSet("candidate_lists")


class StaffOnlyPolicy(ReviewPermissionPolicy):
    """Bureau reviewers and administrators read these records; changes go
    through services on their own screens."""


class ObjectionInspectView(generic.InspectView):
    """One objection with the objector's identity and contact (staff only),
    its grounds and attachments, and the examine / decide forms."""

    template_name = "applications/admin/objection.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objection"] = self.object
        context["attachments"] = self.object.attachments.all()
        context["timeline"] = (
            ModelLogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Objection),
                object_id=str(self.object.pk),
            )
            .select_related("user")
            .order_by("timestamp")
        )
        return context


class ObjectionViewSet(ModelViewSet):
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
        from .views import staff_publicity

        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", staff_publicity.objection_decide_view, name="decide"),
            path(
                "attachment/<int:pk>/<int:attachment_pk>/",
                staff_publicity.objection_attachment_view,
                name="attachment",
            ),
        ]


register_permission_policy(Objection, StaffOnlyPolicy(Objection), exact_class=True)
objection_viewset = ObjectionViewSet("objections")
