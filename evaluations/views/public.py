"""The public page of a self-assessment under comment (a route of the unit
directory): the draft, the period's dates and state, and the comment form
with the protections of the objection form — rate limits per address and
per contact, a spam guard, and the commenter's identity kept private."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.selectors import period_status
from portal.core.ratelimit import client_address, rate_limited
from portal.core.spamguard import contact_key, looks_automated, shown_token

from ..models import AssessmentStatus, SelfAssessment
from ..services.filings import comment_submit


class CommentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Real name or organisation"), max_length=128)
    phone = forms.CharField(label=gettext_lazy("Telephone"), max_length=32, required=False)
    email = forms.EmailField(label=gettext_lazy("Email"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    # Out of sight and out of the tab order: only a bot fills it in.
    website = forms.CharField(
        required=False,
        label=gettext_lazy("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)


def assessment_public(request, *, page, unit, year: int):
    """Shows a published self-assessment and takes public comments while
    its period is open. Never shows a commenter's identity."""
    assessment = get_object_or_404(
        SelfAssessment.objects.select_related("comment_period"),
        unit=unit,
        year=year,
        status__in=[
            AssessmentStatus.COMMENTING,
            AssessmentStatus.SUBMITTED,
            AssessmentStatus.FILED,
        ],
    )
    status = period_status(period=assessment.comment_period)
    form = CommentForm(request.POST or None, initial={"shown": shown_token()})
    problems, receipt = [], None
    if request.method == "POST":
        if rate_limited(scope="comment-ip", limit=10, period=3600, key=client_address(request)) or (
            rate_limited(scope="comment-contact", limit=5, period=86400, key=contact_key(form.data))
        ):
            return render(
                request,
                "rate_limited.html",
                {"message": _("Too many comments. Please try again later.")},
                status=429,
            )
        if looks_automated(form.data):
            problems.append(
                _("The form could not be accepted. Please wait a moment and submit it again.")
            )
        else:
            try:
                receipt = comment_submit(
                    assessment=assessment,
                    name=form.data.get("name", ""),
                    phone=form.data.get("phone", ""),
                    email=form.data.get("email", ""),
                    text=form.data.get("text", ""),
                ).receipt_code
            except ValidationError as refused:
                problems.extend(refused.messages)
        if receipt:
            form = CommentForm(initial={"shown": shown_token()})
        else:
            data = form.data.copy()
            data["shown"] = shown_token(age=5)
            form = CommentForm(data)
    return render(
        request,
        "evaluations/public/assessment.html",
        {
            "page": page,
            "self": page,
            "unit": unit,
            "assessment": assessment,
            "status": status,
            "form": form,
            "problems": problems,
            "receipt": receipt,
        },
        status=400 if problems else 200,
    )
