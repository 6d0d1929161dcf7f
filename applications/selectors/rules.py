"""The one source of the rules: what the version of the measures in force
on a day says (applications.models.Rules), read from its rule set."""

import bisect
import datetime
from collections.abc import Callable

from ..models import Rules, RuleSet


def rules_on(*, day: datetime.date) -> Rules:
    """Returns the rules of the published version of the measures whose
    effective date is the latest on or before ``day``; the rule set's
    defaults when no version was in force then."""
    rule_set = (
        RuleSet.objects.filter(published=True, effective_date__lte=day)
        .order_by("-effective_date", "-pk")
        .first()
    )
    return rule_set.rules() if rule_set else Rules.defaults()


def rules_index() -> Callable[[datetime.date], Rules]:
    """Returns a function giving rules_on(day) for any day, from one query
    however many days are asked (the daily obligations job asks one per
    unit)."""
    versions = [
        rule_set.rules()
        for rule_set in RuleSet.objects.filter(
            published=True, effective_date__isnull=False
        ).order_by("effective_date", "pk")
    ]
    effective = [rules.effective_date for rules in versions]
    default = Rules.defaults()

    def on(day: datetime.date) -> Rules:
        index = bisect.bisect_right(effective, day)
        return versions[index - 1] if index else default

    return on
