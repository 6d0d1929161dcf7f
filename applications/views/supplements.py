"""The applicant's actions after a supplement request (补正), each a POST
from its application page: ask for more time, withdraw (a confirmation
page first), copy into a new draft. A refusal or bad input is told on the page it came from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.core.errors import Refused, form_problems

from ..forms.supplements import ExtensionRequestForm, WithdrawForm
from ..services.copies import application_copy
from ..services.supplements import application_withdraw, supplement_extension_request
from .applications import _first_step, own_application, step_context


def _told(request, form) -> bool:
    """Tells what is wrong with ``form``; returns True if it is valid."""
    if form.is_valid():
        return True
    for problem in form_problems(form):
        messages.error(request, problem)
    return False


@login_required
@require_POST
def extension_request(request, pk: int):
    application = own_application(request, pk)
    form = ExtensionRequestForm(request.POST)
    if _told(request, form):
        try:
            supplement_extension_request(
                application=application,
                user=request.user,
                reason=form.cleaned_data["reason"],
                working_days=form.cleaned_data["working_days"],
            )
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Your request for more time has been sent."))
    return redirect("applications:review", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    application = own_application(request, pk)
    form = WithdrawForm(request.POST)
    if _told(request, form) and not form.cleaned_data["confirmed"]:
        # First the confirmation: withdrawing cannot be undone.
        return render(
            request,
            "applications/withdraw_confirm.html",
            step_context(application, "review", form=form),
        )
    if form.is_valid():
        try:
            application_withdraw(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The application has been withdrawn."))
    return redirect("applications:review", pk=pk)


@login_required
@require_POST
def copy(request, pk: int):
    application = own_application(request, pk)
    try:
        draft = application_copy(application=application, user=request.user)
    except Refused as refused:
        messages.error(request, str(refused))
        return redirect("applications:review", pk=pk)
    messages.success(request, _("A new draft has been started from this application."))
    return redirect(_first_step(draft), pk=draft.pk)
