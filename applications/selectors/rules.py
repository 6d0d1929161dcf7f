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

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
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


def _fill(template: str, values: dict, markup: bool) -> str:
    """Returns the translated ``template`` filled with ``values``; with
    ``markup``, as safe HTML (the template escaped, each value escaped
    unless already safe)."""
    if not markup:
        return template % values
    return mark_safe(  # noqa: S308 - every part is escaped here
        conditional_escape(template) % {k: conditional_escape(v) for k, v in values.items()}
    )


def rules_warnings(*, day: datetime.date, markup: bool = False) -> list[str]:
    """Returns what a reader of the rules in force on ``day`` must know:
    that the trial period of the version in force has ended with no newer
    version published. (Messages, translated; with ``markup``, safe HTML
    whose document number is marked as Chinese, for pages in any language.)"""
    rules = rules_on(day=day)
    if not rules.trial_over(day):
        return []
    values = {
        "number": (
            format_html('<span lang="zh-Hans">{}</span>', rules.document_number)
            if markup
            else rules.document_number
        ),
        "end": rules.trial_end.isoformat(),
    }
    newest = rules_newest()
    if newest is not None and newest.effective_date and newest.effective_date > day:
        template = _(
            "The trial period of %(number)s ended on %(end)s; the next version takes "
            "effect on %(next)s."
        )
        return [_fill(template, values | {"next": newest.effective_date.isoformat()}, markup)]
    template = _(
        "The trial period of %(number)s ended on %(end)s and no newer version has been "
        "published; the portal goes on applying it until one is."
    )
    return [_fill(template, values, markup)]
