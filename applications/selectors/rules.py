"""The one source of the rules: what the version of the measures in force
on a day says (applications.models.Rules), read from its rule set.

A version rules from its effective date until the next version's. A day
before the first version is ruled by none: a judgement of such a day is
refused (``rules_in_force``), while what a unit established before the
measures owes follows the first version (第三十九条–第四十条 bring units
approved before them under them: ``rules_on``). A site with no version
imported yet has the bundled text's numbers (Rules.defaults)."""

import bisect
import datetime
from collections.abc import Callable

from django.utils.translation import gettext as _

from ..models import Rules, RuleSet


class NoMeasuresInForce(Exception):
    """A day before the first version of the measures took effect;
    ``first`` is that version's effective date."""

    def __init__(self, day: datetime.date, first: datetime.date):
        self.day = day
        self.first = first
        super().__init__(f"no version of the measures is in force on {day} (the first: {first})")


def _versions():
    return RuleSet.objects.filter(published=True, effective_date__isnull=False).order_by(
        "effective_date", "pk"
    )


def rules_on(*, day: datetime.date) -> Rules:
    """Returns the rules of the published version of the measures whose
    effective date is the latest on or before ``day``; the first version's
    for a day before it; the bundled text's when no version exists."""
    rule_set = _versions().filter(effective_date__lte=day).last() or _versions().first()
    return rule_set.rules() if rule_set else Rules.defaults()


def rules_in_force(*, day: datetime.date) -> Rules:
    """Returns rules_on(day), but raises NoMeasuresInForce (and changes
    nothing) for a day before the first version's effective date."""
    first = rules_first_effective()
    if first is not None and day < first:
        raise NoMeasuresInForce(day, first)
    return rules_on(day=day)


def rules_index() -> Callable[[datetime.date], Rules]:
    """Returns a function giving rules_on(day) for any day, from one query
    however many days are asked (the daily obligations job asks several
    per unit)."""
    versions = [rule_set.rules() for rule_set in _versions()]
    effective = [rules.effective_date for rules in versions]
    default = versions[0] if versions else Rules.defaults()

    def on(day: datetime.date) -> Rules:
        index = bisect.bisect_right(effective, day)
        return versions[index - 1] if index else default

    return on


def rules_first_effective() -> datetime.date | None:
    """Returns the first published version's effective date, or None."""
    first = _versions().first()
    return first.effective_date if first else None


def rules_newest() -> Rules | None:
    """Returns the rules of the newest published version (by effective
    date, whether or not it has taken effect), or None."""
    rule_set = _versions().last()
    return rule_set.rules() if rule_set else None


def rules_warnings(*, day: datetime.date) -> list[str]:
    """Returns what a reader of the rules in force on ``day`` must know:
    that the trial period of the version in force has ended with no newer
    version published. (Messages, translated.)"""
    rules = rules_on(day=day)
    newest = rules_newest()
    if not rules.trial_over(day):
        return []
    if newest is not None and newest.effective_date and newest.effective_date > day:
        return [
            _(
                "The trial period of %(number)s ended on %(end)s; the next version takes "
                "effect on %(next)s."
            )
            % {
                "number": rules.document_number,
                "end": rules.trial_end.isoformat(),
                "next": newest.effective_date.isoformat(),
            }
        ]
    return [
        _(
            "The trial period of %(number)s ended on %(end)s and no newer version has been "
            "published; the portal goes on applying it until one is."
        )
        % {"number": rules.document_number, "end": rules.trial_end.isoformat()}
    ]
