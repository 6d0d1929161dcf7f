"""A county bureau's page of the reserve applications naming its county
(第六条（一）), where it confirms or declines taking part; and the lead
bureau's asking again a county that declined."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from portal.core.errors import Refused

from ..forms import InvolvementAnswerForm
from ..models import InvolvementStatus
from ..roles import APPLY_FOR_RESERVE, require
from ..selectors import applications_for_user, involvements_for_user
from ..services.involvements import (
    involvement_ask_again,
    involvement_confirm,
    involvement_decline,
)


@login_required
@require_GET
def involvement_list(request):
    """The requests naming the bureau's county, pending ones first."""
    require(request.user, APPLY_FOR_RESERVE)
    involvements = list(involvements_for_user(user=request.user))
    involvements.sort(key=lambda i: i.status != InvolvementStatus.PENDING)
    return render(
        request,
        "applications/involvements.html",
        {"involvements": involvements, "form": InvolvementAnswerForm()},
    )


@login_required
@require_POST
def involvement_answer(request, pk: int):
    """Confirms or declines one request; another county's answers 404."""
    involvement = get_object_or_404(involvements_for_user(user=request.user), pk=pk)
    form = InvolvementAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("applications:involvements")
    try:
        if form.cleaned_data["action"] == InvolvementAnswerForm.CONFIRM:
            involvement_confirm(involvement=involvement, user=request.user)
            messages.success(request, _("Confirmed."))
        else:
            involvement_decline(
                involvement=involvement, user=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Declined."))
    except Refused as refused:
        messages.error(request, str(refused))
    return redirect("applications:involvements")


@login_required
@require_POST
def involvement_ask(request, pk: int, involvement_pk: int):
    """The lead bureau asks again a county that declined, from its draft's
    zone step; another organisation's application or request answers 404."""
    application = get_object_or_404(applications_for_user(user=request.user), pk=pk)
    involvement = get_object_or_404(application.involvements.all(), pk=involvement_pk)
    try:
        involvement = involvement_ask_again(involvement=involvement, user=request.user)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("The culture bureau of %(county)s is asked again.")
            % {"county": involvement.county.name},
        )
    return redirect("applications:step_area", pk=application.pk)
