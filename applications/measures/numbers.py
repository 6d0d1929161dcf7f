"""The numbers a version of the measures states, read from its sentences.

Each number of a rule set (applications.models.RuleSet) has a pattern for
the sentence that states it — the area, staff and senior staff of 第七条（六）,
the years of 第五条（九）, the publicity period of 第十二条, the plan
deadline of 第十三条, the term and near term of 第十六条, the years before
acceptance of 第十八条, the evaluation cycle of 第三十六条 and the trial
period of 第四十三条. A reading names the article (and item) where the
sentence was found and quotes it, so that whoever imports a revision sees
what each number rests on. A revision may renumber its articles: the
pattern is looked for in the article where the 2020 text has it first,
then anywhere, and the reading cites where it was found.

A number the text does not state is a reading without a value; the import
then keeps the previous version's number and says so.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from .numerals import from_chinese, to_chinese

_N = r"(?P<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
_S = r"\s*"
_ITEM_RE = re.compile(r"^（(?P<item>[一二三四五六七八九十]+)）")
# A sentence ends at 。 or ； (an item of a list ends at ；).
_SENTENCE_RE = re.compile(r"[^。；]*[。；]?")


@dataclass(frozen=True)
class NumberPattern:
    field: str
    article: int  # where the 2020 text states it
    pattern: re.Pattern
    # How the matched number becomes the rule set's value (12 months for 一年).
    unit: str = ""


PATTERNS = (
    NumberPattern("min_site_area_m2", 7, re.compile(rf"场地面积[^。；]*?{_N}{_S}平方米以上")),
    NumberPattern("min_staff", 7, re.compile(rf"从业人员[^。；（(]*?{_N}{_S}人以上")),
    NumberPattern("min_senior_staff_research", 7, re.compile(rf"副高级[^。；]*?{_N}{_S}人以上")),
    NumberPattern("min_holistic_protection_years", 5, re.compile(rf"整体保护{_N}{_S}年以上")),
    NumberPattern("publicity_working_days", 12, re.compile(rf"公示期(?:为)?{_N}{_S}个工作日")),
    NumberPattern(
        "master_plan_months",
        13,
        re.compile(rf"设立后{_N}{_S}(?P<unit>年|个月)内"),
        unit="months",
    ),
    NumberPattern("plan_term_years", 16, re.compile(rf"规划的期限(?:一般)?为{_N}{_S}年")),
    NumberPattern("near_term_max_years", 16, re.compile(rf"近期规划(?:一般)?不超过{_N}{_S}年")),
    NumberPattern("acceptance_after_years", 18, re.compile(rf"规划实施{_N}{_S}年后")),
    NumberPattern("evaluation_cycle_years", 36, re.compile(rf"每{_N}{_S}年[^。；]*?全面评估")),
    NumberPattern("trial_period_years", 43, re.compile(rf"试行期(?:限)?(?:为)?{_N}{_S}年")),
)
FIELDS = tuple(p.field for p in PATTERNS)


@dataclass(frozen=True)
class Reading:
    """One number as the text states it: ``value`` is None when the text
    does not state it (``article`` then names where it was looked for)."""

    field: str
    value: int | Decimal | None
    article: str
    sentence: str

    @property
    def stated(self) -> bool:
        return self.value is not None

    def as_source(self) -> dict:
        """Returns what a rule set keeps of the reading (JSON)."""
        return {"stated": self.stated, "article": self.article, "sentence": self.sentence}


def plain_number(value: int | Decimal | None) -> int | Decimal | None:
    """Returns a number as the text writes it: 1000 for the stored
    Decimal('1000.0'), 2.5 for Decimal('2.50'); an int or None as it is."""
    if not isinstance(value, Decimal):
        return value
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _value(text: str) -> int | Decimal:
    if text[0].isdigit():
        number = Decimal(text)
        return int(number) if number == number.to_integral_value() else number
    return from_chinese(text)


def _label(article: int, paragraph: str) -> str:
    item = _ITEM_RE.match(paragraph)
    label = f"第{to_chinese(article)}条"
    return f"{label}（{item['item']}）" if item else label


def _sentence(paragraph: str, start: int) -> str:
    """Returns the sentence of ``paragraph`` that holds position ``start``."""
    for match in _SENTENCE_RE.finditer(paragraph):
        if match.start() <= start < max(match.end(), match.start() + 1):
            return match.group().strip()
    return paragraph.strip()


def _find(pattern: NumberPattern, articles: list[tuple[int, list[str]]]) -> Reading | None:
    preferred = [a for a in articles if a[0] == pattern.article]
    others = [a for a in articles if a[0] != pattern.article]
    for number, paragraphs in preferred + others:
        for paragraph in paragraphs:
            match = pattern.pattern.search(paragraph)
            if match is None:
                continue
            value = _value(match["n"])
            if pattern.unit == "months" and match["unit"] == "年":
                value *= 12
            return Reading(
                pattern.field,
                value,
                _label(number, paragraph),
                _sentence(paragraph, match.start()),
            )
    return None


def numbers_read(*, articles: Iterable[tuple[int, str]]) -> list[Reading]:
    """Returns a reading for every number of PATTERNS from ``articles``
    (number, text with its items on separate lines), in PATTERNS' order;
    a number no sentence states has a reading without a value."""
    split = [(number, text.splitlines() or [""]) for number, text in articles]
    readings = []
    for pattern in PATTERNS:
        reading = _find(pattern, split)
        if reading is None:
            reading = Reading(pattern.field, None, f"第{to_chinese(pattern.article)}条", "")
        readings.append(reading)
    return readings


_EFFECTIVE_RE = re.compile(r"自[^。；]*?起施行")


def effective_sentence(*, articles: Iterable[tuple[int, str]]) -> tuple[str, str]:
    """Returns the article and the sentence that state when the version
    takes effect (自印发之日起施行, 自YYYY年M月D日起施行), or two blanks
    when no sentence does (the preamble's 施行日期 line says it then)."""
    for number, text in articles:
        for paragraph in text.splitlines():
            match = _EFFECTIVE_RE.search(paragraph)
            if match:
                return _label(number, paragraph), _sentence(paragraph, match.start())
    return "", ""
