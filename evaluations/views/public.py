"""The public pages of the units app, routed by the project's URLs: the
verification of a certificate or plaque (/verify/<code>/), and a
self-assessment under comment at the unit's address in the directory
(…/<code>/self-assessment/<year>/): the draft, the period's dates and
state, and the comment form with the protections of the objection form —
rate limits per address and per contact, a spam guard, and the
commenter's identity kept private."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from portal.core.headers import private_file_response
from portal.core.ratelimit import fixed_key, limit_count, too_many
from portal.core.selectors import period_status
from portal.core.spamguard import shown_token

from ..forms import CommentForm
from ..models import AssessmentStatus, SelfAssessment
from ..selectors import assessment_report_public, unit_list_public, unit_verification
from ..services.assessments import comment_submit

# The limits of the comment form (issue 13), as the objection form's: every
# attempt counts against the client's address (only trusted proxies'
# X-Forwarded-For counts) and against the contact.
COMMENT_RATE_ADDRESS = "10/h"
COMMENT_RATE_CONTACT = "5/d"
# Every look-up of a verification code counts against the client's address,
# found or not: codes cannot be tried in bulk.
VERIFY_RATE_ADDRESS = "60/h"


def unit_verify(request, code: str):
    """Shows the public facts of the unit whose certificate or plaque
    carries verification code ``code``: its name, kind, category,
    certificate number, dates and current status (delisted too); nothing
    private. An unknown code answers 404 with a page that says so."""
    if limit_count(request, group="unit-verify", rate=VERIFY_RATE_ADDRESS):
        return too_many(request, _("Too many look-ups from your address. Please try again later."))
    found = unit_verification(code=code)
    if found is None:
        return render(request, "evaluations/public/verify_unknown.html", {"code": code}, status=404)
    return render(request, "evaluations/public/verify.html", found)


def assessment_public(request, code: str, year: int):
    """Shows a published self-assessment and takes public comments while
    its period is open. Never shows a commenter's identity."""
    unit = get_object_or_404(unit_list_public(), code=code)
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
    # One filed without a public comment period has no dates to show, and
    # takes no comments (comment_submit refuses them).
    period = assessment.comment_period
    status = period_status(period=period) if period is not None else None
    form = CommentForm(request.POST or None, initial={"shown": shown_token()})
    problems, receipt = [], None
    if request.method == "POST":
        if limit_count(request, group="comment-ip", rate=COMMENT_RATE_ADDRESS) or limit_count(
            request,
            group="comment-contact",
            rate=COMMENT_RATE_CONTACT,
            key=fixed_key(form.contact_key()),
        ):
            return too_many(request, _("Too many comments. Please try again later."))
        if not form.is_valid():
            problems = form.problems()
        else:
            try:
                receipt = comment_submit(
                    assessment=assessment,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    email=form.cleaned_data["email"],
                    text=form.cleaned_data["text"],
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
            "unit": unit,
            "assessment": assessment,
            "status": status,
            "form": form,
            "problems": problems,
            "receipt": receipt,
            "report_public": assessment_report_public(assessment),
        },
        status=400 if problems else 200,
    )


def assessment_public_report(request, code: str, year: int):
    """Serves the report of a self-assessment under public comment to
    anyone (第三十五条), once the unit confirmed that personal data is
    removed from it; otherwise 404, as for a file that does not exist."""
    unit = get_object_or_404(unit_list_public(), code=code)
    assessment = get_object_or_404(SelfAssessment, unit=unit, year=year)
    if not assessment_report_public(assessment):
        raise Http404
    return private_file_response(
        field_file=assessment.report, filename=assessment.report_name, inline=True
    )
