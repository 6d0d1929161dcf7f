"""The applicant's check-and-submit page: what stops submission, the
submission itself, and after it the state and any supplement asked for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.core.errors import Refused

from ..forms import SubmissionForm
from ..forms.supplements import ExtensionRequestForm, WithdrawForm
from ..materials import slots_for
from ..selectors.supplements import supplement_situation
from ..services.review import supplement_answer
from ..services.submission import application_judgement, application_problems, application_submit
from .applications import own_application, step_context


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    application = own_application(request, pk)
    problems = []
    action = SubmissionForm(request.POST if request.method == "POST" else None)
    if action.is_valid() and action.cleaned_data["action"] == SubmissionForm.RESUBMIT:
        try:
            supplement_answer(application=application, user=request.user)
        except Refused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Resubmitted."))
        return redirect("applications:review", pk=pk)
    if action.is_valid():
        try:
            application_submit(application=application, user=request.user)
        except Refused as error:
            problems = error.problems
        else:
            messages.success(request, _("Submitted."))
            return redirect("applications:review", pk=pk)
    situation = supplement_situation(application=application)
    supplement = situation["supplement"]
    labels = {slot.code: slot.label for slot, _required in slots_for(application)}
    supplement_items = [
        {"label": labels.get(item["slot"], item["slot"]), "note": item.get("note", "")}
        for item in (supplement.items if supplement else [])
    ]
    judgement = application_judgement(application) if application.is_draft else None
    if application.is_draft and not problems:
        problems = application_problems(application, judgement)
    return render(
        request,
        "applications/review.html",
        step_context(
            application,
            "review",
            judgement=judgement,
            problems=problems,
            supplement_items=supplement_items,
            extension_form=ExtensionRequestForm(),
            withdraw_form=WithdrawForm(),
            **situation,
        ),
    )
