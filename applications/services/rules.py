"""Writes of the rule sets: a version's numbers read from its text."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..measures.numbers import numbers_read
from ..models import RuleSet
from ..models.rules import MEASURE_NUMBERS, PRACTICE, bundled_numbers


@dataclass(frozen=True)
class NumberLine:
    """One number of a version after an import, as ``import_measures``
    prints it and the admin shows it."""

    field: str
    value: object
    article: str
    sentence: str
    stated: bool
    # The version whose number is kept when the text does not state it.
    kept_from: str = ""
    # True when staff corrected the number read from this same sentence.
    corrected: bool = False


def _differs(current, read) -> bool:
    """Returns True if the number kept differs from the number read."""
    if current is None or read is None:
        return False
    return Decimal(str(current)) != Decimal(str(read))


def rule_set_previous(*, rule_set: RuleSet) -> RuleSet | None:
    """Returns the published version before ``rule_set`` (by effective
    date), or the newest other version when none is before it."""
    others = RuleSet.objects.exclude(pk=rule_set.pk).filter(published=True)
    if rule_set.effective_date is not None:
        before = (
            others.filter(effective_date__lt=rule_set.effective_date)
            .order_by("-effective_date", "-pk")
            .first()
        )
        if before is not None:
            return before
    return others.order_by("-effective_date", "-pk").first()


def rule_set_read(
    *, rule_set: RuleSet, articles: Iterable[tuple[int, str]], new: bool
) -> list[NumberLine]:
    """Sets the numbers of the measures on ``rule_set`` from the sentences
    of ``articles`` (number, text), without saving it, and returns a line
    per number.

    A number the text states is taken from it when the rule set is ``new``
    or when its sentence differs from the one it was last read from; a
    number staff corrected stays while its sentence is unchanged. A number
    the text does not state keeps the rule set's value, or on a new rule
    set the previous version's (the bundled text's when there is none). A
    new rule set also takes the previous version's practice."""
    previous = rule_set_previous(rule_set=rule_set) if new else None
    if new and previous is not None:
        for name in (*PRACTICE, "reminder_days"):
            setattr(rule_set, name, getattr(previous, name))
    fallback = (
        {name: getattr(previous, name) for name in MEASURE_NUMBERS}
        if previous is not None
        else bundled_numbers()
    )
    kept_from = previous.document_number if previous is not None else ""
    sources = dict(rule_set.sources or {})
    lines = []
    for reading in numbers_read(articles=articles):
        if reading.field not in MEASURE_NUMBERS:
            continue  # the trial period is the version's fact, on its page
        before = sources.get(reading.field) or {}
        if reading.stated:
            value = reading.value
            if reading.field == "min_site_area_m2":
                value = Decimal(value)
            current = getattr(rule_set, reading.field)
            reread = new or current is None or before.get("sentence") != reading.sentence
            if reread:
                setattr(rule_set, reading.field, value)
            sources[reading.field] = reading.as_source() | {"value": str(value)}
            lines.append(
                NumberLine(
                    reading.field,
                    getattr(rule_set, reading.field),
                    reading.article,
                    reading.sentence,
                    stated=True,
                    corrected=_differs(getattr(rule_set, reading.field), value),
                )
            )
            continue
        if new or getattr(rule_set, reading.field) is None:
            setattr(rule_set, reading.field, fallback[reading.field])
            origin = kept_from
        else:
            origin = before.get("kept_from", "")
        sources[reading.field] = reading.as_source() | {"kept_from": origin}
        lines.append(
            NumberLine(
                reading.field,
                getattr(rule_set, reading.field),
                reading.article,
                "",
                stated=False,
                kept_from=origin,
            )
        )
    rule_set.sources = sources
    return lines


def rule_set_lines(*, rule_set: RuleSet) -> list[NumberLine]:
    """Returns a line per number of the measures of ``rule_set`` from what
    its import recorded: the sentence, or that the text does not state it;
    and whether staff changed it since."""
    lines = []
    for name in MEASURE_NUMBERS:
        source = (rule_set.sources or {}).get(name) or {}
        lines.append(
            NumberLine(
                name,
                getattr(rule_set, name),
                source.get("article", ""),
                source.get("sentence", ""),
                stated=bool(source.get("stated")),
                kept_from=source.get("kept_from", ""),
                corrected=bool(source.get("stated"))
                and _differs(getattr(rule_set, name), source.get("value")),
            )
        )
    return lines
