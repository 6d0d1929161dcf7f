"""The guide to applying (申报指南): a public page that is not a Wagtail page."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.eligibility import Category, InheritorBranch
from applications.materials import BASE_SLOTS, RESERVE_SLOTS
from applications.selectors import rules_on, rules_warnings


def guide(request):
    """How to apply (申报指南): who may apply, the conditions with the
    numbers of the measures in force, the materials of each kind, and the
    procedure drawn from the declared workflow."""
    today = timezone.localdate()
    rules = rules_on(day=today)
    return render(
        request,
        "cms/guide.html",
        {
            "rules": rules,
            "measures_warnings": rules_warnings(day=today, markup=True),
            "categories": Category.choices,
            "base_slots": [
                (
                    s.label,
                    s.required,
                    [Category(c).label for c in sorted(s.required_for)],
                    s.with_relaxation,
                    InheritorBranch(s.for_branch).label if s.for_branch else "",
                )
                for s in BASE_SLOTS
            ],
            "reserve_slots": [(s.label, s.required) for s in RESERVE_SLOTS],
            "county_documents": _(
                "Each county government's application and approval, for every county the "
                "reserve's townships lie in (Article 6 (1))"
            ),
        },
    )
