"""The county bureaus' screen of organisations' claims to their codes
(单位认领确认): the claims of the bureau's county with a filter by state,
each claim with its business licence, and the confirm / refuse form."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.core.admin import NotFoundWhenForbidden
from portal.core.audit import audit_timeline
from portal.core.errors import Refused, form_problems

from ..forms import ClaimDecisionForm
from ..models import ClaimStatus, OrganisationClaim
from ..roles import CONFIRM_CLAIMS, may
from ..selectors import claims_for_user
from ..services.claims import organisation_claim_confirm, organisation_claim_refuse
from .confirm import confirmation_response, is_confirmed
from .policies import ClaimPolicy

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


def _claims(request):
    """The claims the user decides: another county's answer 404."""
    return OrganisationClaim.objects.filter(
        pk__in=claims_for_user(user=request.user).values("pk")
    ).select_related("county", "township", "claim_decided_by")


class ClaimIndexView(generic.IndexView):
    def get_base_queryset(self):
        return _claims(self.request)


class ClaimInspectView(generic.InspectView):
    """One claim: the organisation as registered, who registered it, its
    licence (previewed), the decision and the record."""

    template_name = "applications/admin/claim.html"

    def get_object(self, queryset=None):
        return get_object_or_404(_claims(self.request), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        claim = self.object
        context.update(
            {
                "claim": claim,
                "members": claim.members.all(),
                "licence_is_image": claim.licence_name.lower().endswith(IMAGE_EXTENSIONS),
                "timeline": audit_timeline(claim),
            }
        )
        return context


@require_POST
def claim_decide_view(request, pk: int):
    """Confirms or refuses a pending claim of the bureau's county."""
    claim = get_object_or_404(_claims(request), pk=pk)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        for problem in form_problems(form):
            messages.error(request, problem)
        return redirect("organisation_claims:inspect", pk)
    confirm = form.cleaned_data["action"] == ClaimDecisionForm.CONFIRM
    # Neither decision can be taken back by the bureau: asked first, while
    # the claim is pending (a decided one is refused by the service).
    if claim.claim_status == ClaimStatus.PENDING and not is_confirmed(request):
        return confirmation_response(
            request,
            title=_("Confirm the organisation") if confirm else _("Refuse the organisation"),
            subject=f"{claim.name} · {claim.uscc}",
            consequence=(
                _(
                    "The organisation is confirmed as the holder of its code: it may submit "
                    "applications from now on and its members are told. A confirmation cannot "
                    "be withdrawn."
                )
                if confirm
                else _(
                    "The claim is refused and the code is free again; the organisation is told "
                    "your reason and may upload another licence to ask again."
                )
            ),
            button=_("Yes: confirm the organisation") if confirm else _("Yes: refuse the claim"),
            cancel_url=reverse("organisation_claims:inspect", args=[pk]),
            reason_needed=not confirm,
        )
    try:
        if confirm:
            organisation_claim_confirm(organisation=claim, user=request.user)
            messages.success(request, _("Confirmed: the organisation may submit now."))
        else:
            organisation_claim_refuse(
                organisation=claim, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Refused: the organisation is told the reason."))
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("organisation_claims:inspect", pk)


class ClaimViewSet(NotFoundWhenForbidden, ModelViewSet):
    """单位认领确认: the claims of the county bureau's county."""

    model = OrganisationClaim
    icon = "group"
    menu_label = gettext_lazy("Organisation claims")
    menu_order = 301
    add_to_admin_menu = True
    inspect_view_enabled = True
    index_view_class = ClaimIndexView
    inspect_view_class = ClaimInspectView
    list_display = [
        "name",
        "uscc",
        "county",
        Column("get_claim_status_display", label=gettext_lazy("Claim"), sort_key="claim_status"),
        DateColumn("created_at", label=gettext_lazy("Registered at"), sort_key="created_at"),
    ]
    list_filter = ["claim_status"]
    ordering = ["-created_at"]
    search_fields = ["name", "uscc"]
    search_backend_name = None
    # Nothing is added or edited here (see ClaimPolicy); the viewset still
    # needs a form declaration.
    form_fields = ["claim_status"]

    def get_queryset(self, request):
        return _claims(request)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", claim_decide_view, name="decide"),
        ]


class ClaimsPanel(Component):
    """The admin home's panel of a county bureau: how many claims await it,
    and the way to them."""

    order = 5
    template_name = "applications/admin/claims_panel.html"

    def __init__(self, *, count: int):
        self.count = count

    def get_context_data(self, parent_context=None) -> dict:
        return {"count": self.count}


def claims_panels(*, request) -> list[Component]:
    """Returns the claims panel for a user who decides claims, else none."""
    if not may(request.user, CONFIRM_CLAIMS):
        return []
    pending = claims_for_user(user=request.user).filter(claim_status=ClaimStatus.PENDING)
    return [ClaimsPanel(count=pending.count())]


register_permission_policy(OrganisationClaim, ClaimPolicy(OrganisationClaim), exact_class=True)
claim_viewset = ClaimViewSet("organisation_claims")
