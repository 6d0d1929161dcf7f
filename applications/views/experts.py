"""Experts' pages in the Wagtail admin: my assignments, the conflict
declaration, and — only after it — the file and the score form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from portal.core.errors import Refused, form_problems

from ..forms.experts import DeclarationForm, ScoresForm
from ..models import ExpertAssignment
from ..roles import EXPERT_REVIEW, require
from ..selectors import criteria_for
from ..selectors.file import application_file, file_beside_criteria
from ..services.experts import expert_declare, expert_scores_submit


def _expert_only(request):
    require(request.user, EXPERT_REVIEW)


@login_required
def assignments(request):
    _expert_only(request)
    rows = ExpertAssignment.objects.filter(expert=request.user).select_related(
        "application__organisation"
    )
    return TemplateResponse(request, "applications/experts/index.html", {"assignments": rows})


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request, pk: int):
    _expert_only(request)
    item = get_object_or_404(
        ExpertAssignment.objects.select_related("application__organisation"),
        pk=pk,
        expert=request.user,
    )
    criteria = criteria_for(item.application)
    if request.method == "POST":
        declaration = DeclarationForm(request.POST)
        scores = ScoresForm(request.POST, criteria=criteria)
        try:
            if declaration.is_valid():
                expert_declare(
                    assignment=item,
                    user=request.user,
                    conflict=declaration.cleaned_data["declare"] == DeclarationForm.CONFLICT,
                    note=declaration.cleaned_data["note"],
                )
            elif scores.is_valid():
                expert_scores_submit(
                    assignment=item,
                    user=request.user,
                    scores=scores.scores(),
                    opinion=scores.cleaned_data["opinion"],
                )
            else:
                raise Refused(form_problems(scores))
        except Refused as refused:
            messages.error(request, str(refused))
            return _page(request, item, criteria, typed=scores.data)
        messages.success(request, _("Saved."))
        return redirect("expert_assignment", pk=pk)
    return _page(request, item, criteria)


def _page(request, item, criteria, typed=None):
    """The assignment page; after an error the typed scores and opinion
    come back."""
    typed = typed or {}
    context = {"assignment": item, "opinion": typed.get("opinion", ""), "file": None}
    if item.may_open_file:
        # The file only after declaring no conflict; each criterion beside
        # the narratives it is about.
        context["file"] = application_file(application=item.application)
        beside = file_beside_criteria(file=context["file"], criteria=criteria)
        context["rows"] = [
            {**row, "value": typed.get(f"score-{row['criterion'].pk}", "")}
            for row in beside["rows"]
        ]
        context["others"] = beside["others"]
    return TemplateResponse(request, "applications/experts/assignment.html", context)
