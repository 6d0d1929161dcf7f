"""The applicant's check-and-submit page and the application's page after
it: everything entered, read-only, in the form's order; what stops
submission with the step that fixes it; the declaration of truthfulness
and the confirmation; after submission the path, the receipt (refreshed
while it is being prepared), each step readable and any supplement asked
for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.core.errors import Refused

from ..declaration import DECLARATION, DECLARATION_VERSION
from ..forms import SubmissionForm
from ..forms.submission import DeclarationForm
from ..forms.supplements import ExtensionRequestForm, WithdrawForm
from ..materials import slots_for
from ..selectors import application_path, application_turn
from ..selectors.supplements import supplement_situation
from ..services.review import supplement_answer
from ..services.submission import (
    application_judgement,
    application_problem_steps,
    application_submit,
)
from .applications import own_application, step_context
from .summary import STEP_URLS, application_section, application_summary


def _resubmit(request, application):
    try:
        supplement_answer(application=application, user=request.user)
    except Refused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Resubmitted."))
    return redirect("applications:review", pk=application.pk)


def _check(request, application):
    """The draft's last step: what it holds, what stops it, the declaration;
    a valid POST first asks for confirmation, then submits."""
    judgement = application_judgement(application)
    steps = application_problem_steps(application, judgement)
    form = DeclarationForm(
        request.POST if request.method == "POST" else None,
        initial={"version": DECLARATION_VERSION},
    )
    refused = []
    if form.is_valid() and form.cleaned_data["confirmed"]:
        try:
            application_submit(
                application=application,
                user=request.user,
                declaration_version=form.cleaned_data["version"],
            )
        except Refused as error:
            refused = error.problems
        else:
            messages.success(request, _("Submitted."))
            return redirect("applications:review", pk=application.pk)
    context = step_context(application, "review", form=form, declaration=DECLARATION)
    if form.is_valid() and not refused and not steps:
        return render(request, "applications/submit_confirm.html", context)
    fixes = {problem: step for problem, step in steps}
    problems = [
        {"message": problem, "url": _step_url(application, fixes.get(problem))}
        for problem in (refused or [problem for problem, _step in steps])
    ]
    return render(
        request,
        "applications/review.html",
        {
            **context,
            "judgement": judgement,
            "problems": problems,
            "summary": application_summary(application, context["steps"]),
        },
    )


def _step_url(application, step: str | None) -> str | None:
    return reverse(STEP_URLS[step], args=[application.pk]) if step in STEP_URLS else None


def _receipt_context(application) -> dict:
    """The receipt region: the materials by name, in the form's order."""
    materials = list(application.materials.all())
    return {
        "application": application,
        "receipt_slots": [
            {"label": slot.label, "files": [m for m in materials if m.slot == slot.code]}
            for slot, _required in slots_for(application)
            if any(m.slot == slot.code for m in materials)
        ],
    }


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    application = own_application(request, pk)
    action = SubmissionForm(request.POST if request.method == "POST" else None)
    if action.is_valid() and action.cleaned_data["action"] == SubmissionForm.RESUBMIT:
        return _resubmit(request, application)
    if application.is_draft:
        return _check(request, application)
    situation = supplement_situation(application=application)
    supplement = situation["supplement"]
    labels = {slot.code: slot.label for slot, _required in slots_for(application)}
    supplement_items = [
        {"label": labels.get(item["slot"], item["slot"]), "note": item.get("note", "")}
        for item in (supplement.items if supplement else [])
    ]
    return render(
        request,
        "applications/review.html",
        step_context(
            application,
            "review",
            path=application_path(application=application),
            **application_turn(application=application),
            receipt_slots=_receipt_context(application)["receipt_slots"],
            supplement_items=supplement_items,
            extension_form=ExtensionRequestForm(),
            withdraw_form=WithdrawForm(),
            **situation,
        ),
    )


@login_required
@require_GET
def receipt_region(request, pk: int):
    """The receipt's region of the application's page, fetched again by the
    page's script while the receipt is being prepared."""
    application = own_application(request, pk)
    if application.is_draft:
        raise Http404
    return render(request, "applications/includes/receipt.html", _receipt_context(application))


@login_required
@require_GET
def step_view(request, pk: int, step: str):
    """One step of a submitted application, read-only."""
    application = own_application(request, pk)
    if application.is_draft and step in STEP_URLS:
        return redirect(STEP_URLS[step], pk=pk)
    steps = step_context(application, step)["steps"]
    labels = dict(steps[:-1])
    if step not in labels:
        raise Http404
    return render(
        request,
        "applications/step_view.html",
        step_context(
            application, step, section=application_section(application, step, labels[step])
        ),
    )
