"""The reviewers' screens (申报审核): the queue of applications and each
application's review page, where the records of the review are written
and the declared transitions taken — each through its form."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy

from portal.core.admin import NotFoundWhenForbidden
from portal.core.errors import Refused, form_problems

from ..filters import ApplicationFilterSet
from ..forms.review import (
    RECORD_FORMS,
    ActionForm,
    HearingForm,
    InspectionForm,
    SupplementForm,
    TransitionForm,
)
from ..models import Application
from ..roles import BUREAU, EXPERT_REVIEW, may, users_who_may
from ..selectors import panel_summary
from ..selectors.file import application_file
from ..selectors.supplements import supplement_situation
from ..workflow import (
    RECORD_PERMISSIONS,
    STATES,
    TRANSITIONS_BY_ACTION,
    Party,
    Record,
    State,
    transitions_from,
)
from .confirm import confirmation_response, is_confirmed
from .policies import BureauPolicy

# The review page's transitions that cannot be undone, with what follows.
CONSEQUENCES = {
    "accept_materials": gettext_lazy(
        "The material review ends: the application goes on to the field inspection and no "
        "supplement can be requested any more."
    ),
    "record_inspection": gettext_lazy(
        "The field inspection stage ends: no more inspection records can be added and the "
        "application goes on to the hearing of opinions."
    ),
    "record_hearing": gettext_lazy(
        "The hearing stage ends: no more hearing records can be added and the application goes "
        "on to the expert review."
    ),
    "close_expert_review": gettext_lazy(
        "The expert review ends: no expert can score any more and the application is ready "
        "for the candidate list."
    ),
    "reject": gettext_lazy(
        "The application is rejected and its procedure ends; the applicant is told, with your "
        "reason."
    ),
}

# The buttons of the review page, named by what they do where a
# transition's label would be confused with a record's button.
BUTTON_LABELS = {
    "record_inspection": gettext_lazy("Inspection done: go on to the hearing"),
    "record_hearing": gettext_lazy("Hearing done: go on to the expert review"),
    "close_expert_review": gettext_lazy("Close the expert review"),
}


def review_queryset():
    """Returns the applications reviewers work on: all but drafts."""
    return Application.objects.exclude(status=State.DRAFT).select_related("organisation__county")


def reviewable_or_404(request, pk: int) -> Application:
    """Returns the application ``pk`` of the review queue, or raises Http404
    — also to whoever may not use the review screens (BureauPolicy), before
    any lookup: Wagtail would look the object up first and refuse only an
    existing one, telling which ids exist."""
    if not may(request.user, BUREAU):
        raise Http404
    return get_object_or_404(review_queryset(), pk=pk)


def awaiting_review_count() -> int:
    """Returns how many applications wait for the bureau (their state's
    turn is the bureau's), in one query."""
    waiting = [state for state, rule in STATES.items() if rule.turn == Party.BUREAU]
    return Application.objects.filter(status__in=waiting).count()


class ApplicationIndexView(generic.IndexView):
    """The queue: each row's title opens the application's review page."""

    def get_base_queryset(self):
        return review_queryset()

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "organisation",
            label=gettext_lazy("Application"),
            accessor="organisation",
            get_url=self.get_inspect_url,
            sort_key="organisation__name",
        )
        return [title, *super().columns]

    def get_list_more_buttons(self, instance):
        # Nothing is edited or deleted here; the review page is the action.
        return []

    def get_list_buttons(self, instance):
        url = self.get_inspect_url(instance)
        if not url:
            return []
        return [
            ListingButton(
                _("Review"),
                url=url,
                icon_name="tasks",
                attrs={"aria-label": _("Review %(application)s") % {"application": instance}},
                priority=10,
            )
        ]


class ApplicationInspectView(generic.InspectView):
    """One application on one page: its facts, eligibility, materials, the
    timeline of every logged event, the records its state allows and the
    actions the user may take (applications.workflow)."""

    template_name = "applications/admin/review.html"

    def get_object(self, queryset=None):
        return reviewable_or_404(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.object
        user = self.request.user
        context.update(
            {
                "application": application,
                "file": application_file(application=application),
                "supplements": application.supplement_requests.select_related(
                    "period"
                ).prefetch_related("extensions"),
                "pending_extension": supplement_situation(application=application)["pending"],
                "inspections": application.inspections.prefetch_related("photos"),
                "hearings": application.hearings.all(),
                "panel": panel_summary(application=application),
                "experts": users_who_may(EXPERT_REVIEW).exclude(
                    expert_assignments__application=application
                ),
                # What the state allows the user to record here.
                "records": [
                    record
                    for record in STATES[application.status].records
                    if record in RECORD_FORMS and may(user, RECORD_PERMISSIONS[record])
                ],
                "actions": [
                    {
                        "action": t.action,
                        "label": BUTTON_LABELS.get(t.action, t.label),
                        "requires_reason": t.requires_reason,
                        "confirm": t.action in CONSEQUENCES,
                    }
                    for t in transitions_from(application.status)
                    if t.permission and may(user, t.permission) and t.screen is None
                ],
                # The expert panel is at work in this state.
                "panel_open": Record.EXPERTS in STATES[application.status].records,
                # The record forms, rendered with the admin's field templates.
                "inspection_form": InspectionForm(application=application, auto_id="inspection-%s"),
                "hearing_form": HearingForm(application=application, auto_id="hearing-%s"),
                "supplement_form": SupplementForm(application=application, auto_id="supplement-%s"),
            }
        )
        return context


def _confirmation(name: str, transition, form) -> tuple | None:
    """The title, what follows, the button and whether the reason is asked
    again, for an action of the review page that cannot be undone; None
    for the others. A relaxation decision may be changed until the
    materials are accepted (relaxation_decide): not asked."""
    if name in CONSEQUENCES:
        label = BUTTON_LABELS.get(name, transition.label)
        return transition.label, CONSEQUENCES[name], label, transition.requires_reason
    if name != Record.EXTENSION_DECIDE:
        return None
    if form.cleaned_data["granted"]:
        title = gettext_lazy("Give more time")
        consequence = gettext_lazy(
            "The supplement deadline moves on by the working days given, counted from the day "
            "after the present one; the applicant is told the new deadline."
        )
        return title, consequence, title, False
    title = gettext_lazy("Refuse more time")
    consequence = gettext_lazy(
        "The request for more time is refused: the supplement deadline stays, and if it passes "
        "without the supplement the application is returned. The applicant is told, with your "
        "reason."
    )
    return title, consequence, title, True


class ApplicationTransitionView(View):
    """Takes one action of the review page (POST only): a record of the
    review or a declared transition, each parsed by its form."""

    def post(self, request, pk):
        application = reviewable_or_404(request, pk)
        action = ActionForm(request.POST)
        name = action.cleaned_data["action"] if action.is_valid() else ""
        transition = TRANSITIONS_BY_ACTION.get(name)
        if name in RECORD_FORMS:
            form = RECORD_FORMS[name](request.POST, request.FILES, application=application)
            done = _("Recorded.")
        elif transition is not None and transition.screen is None:
            form = TransitionForm(request.POST, application=application, action=name)
            done = _("Done: %(action)s.") % {"action": transition.label}
        elif transition is not None:
            messages.error(
                request,
                _("“%(action)s” is recorded on its own screen.") % {"action": transition.label},
            )
            return redirect("applications_review:inspect", pk)
        else:
            messages.error(request, _("Unknown action “%(action)s”.") % {"action": name})
            return redirect("applications_review:inspect", pk)
        if not form.is_valid():
            for problem in form_problems(form):
                messages.error(request, problem)
            return redirect("applications_review:inspect", pk)
        asked = _confirmation(name, transition, form)
        if asked is not None and not is_confirmed(request):
            title, consequence, button, reason_needed = asked
            return confirmation_response(
                request,
                title=title,
                subject=str(application),
                consequence=consequence,
                button=_("Yes: %(action)s") % {"action": button},
                cancel_url=reverse("applications_review:inspect", args=[pk]),
                reason_needed=reason_needed,
            )
        try:
            form.record(user=request.user)
        except Refused as refused:
            messages.error(request, str(refused))
        except ValidationError as invalid:
            messages.error(request, " ".join(invalid.messages))
        else:
            messages.success(request, done)
        return redirect("applications_review:inspect", pk)


class ApplicationReviewViewSet(NotFoundWhenForbidden, ModelViewSet):
    """The reviewers' queue (申报审核) and each application's review page."""

    model = Application
    icon = "tasks"
    menu_label = gettext_lazy("Application review")
    menu_name = "application-review"
    menu_order = 200
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    filterset_class = ApplicationFilterSet
    list_display = [
        Column("receipt_number", label=gettext_lazy("Receipt number"), sort_key="receipt_number"),
        Column("get_kind_display", label=gettext_lazy("Kind")),
        Column("county", label=gettext_lazy("County"), accessor="organisation.county"),
        Column("get_status_display", label=gettext_lazy("Status"), sort_key="status"),
        DateColumn("submitted_at", label=gettext_lazy("Submitted at"), sort_key="submitted_at"),
    ]
    ordering = ["-submitted_at"]
    search_fields = ["receipt_number", "organisation__name"]
    search_backend_name = None
    # No add or edit view is reachable (see BureauPolicy); the
    # viewset still needs a form declaration.
    form_fields = ["status"]

    def get_queryset(self, request):
        return review_queryset()

    @cached_property
    def menu_item_class(self):
        """The menu item names how many applications wait for the bureau."""
        base = super().menu_item_class

        class QueueMenuItem(base):
            def render_component(self, request):
                count = awaiting_review_count()
                component = super().render_component(request)
                if count:
                    component.label = _("%(label)s (%(count)d waiting)") % {
                        "label": self.label,
                        "count": count,
                    }
                    component.attrs = {**component.attrs, "data-waiting": str(count)}
                return component

        return QueueMenuItem

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("transition/<int:pk>/", self.transition_view, name="transition"),
        ]

    @property
    def transition_view(self):
        return require_POST(ApplicationTransitionView.as_view())


register_permission_policy(Application, BureauPolicy(Application), exact_class=True)
application_review_viewset = ApplicationReviewViewSet("applications_review")
