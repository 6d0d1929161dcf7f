"""Reading a measures file (管理办法) in the format of
``shared/measures/measures-2020.md``.

The format, line by line (blank lines are ignored):

* ``# <title>`` — the first line that is not blank.
* A preamble of free text up to the first chapter. It may carry the
  metadata as ``key：value`` lines (文号, 发布机关, 印发日期, 施行日期); if
  it does not, they are recognised in the prose (``…（发布机关, 景文旅字〔2020〕
  152号, issued 2020-12-18…``).
* ``## 第一章 <title>`` starts a chapter; chapters are numbered 一, 二, … in
  order.
* ``第一条 <text>`` starts an article; articles are numbered 一, 二, …
  through the whole text, across chapters.
* Any other line continues the article above it as a new paragraph (the
  items （一）, （二）, …).

The effective date is read from the articles when they say
``自印发之日起施行`` / ``自YYYY年M月D日起施行``; the numbers the version
states (the trial period among them) are read by ``numbers.numbers_read``.
Anything that does not fit raises ``MeasuresFormatError`` naming the line.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .numbers import Reading, numbers_read
from .numerals import from_chinese

_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
_SPACE = r"[ \t\u3000]"
TITLE_RE = re.compile(rf"^#{_SPACE}+(?P<title>\S.*)$")
CHAPTER_RE = re.compile(rf"^##{_SPACE}+第(?P<num>{_NUMERAL})章{_SPACE}+(?P<title>\S.*)$")
ARTICLE_RE = re.compile(rf"^第(?P<num>{_NUMERAL})条{_SPACE}+(?P<text>\S.*)$")
HEADING_RE = re.compile(r"^#+")
META_LINE_RE = re.compile(r"^(?P<key>文号|发布机关|印发日期|施行日期)[:：]\s*(?P<value>\S.*)$")
DOC_NUMBER_RE = re.compile(r"(?P<number>[\u4e00-\u9fff]+[〔\[（(]\d{4}[〕\]）)]\d+号)")
ISSUER_BEFORE_NUMBER_RE = re.compile(
    r"[（(]\s*(?P<issuer>[^,，、()（）\s][^,，、()（）]*?)\s*[,，、]\s*" + DOC_NUMBER_RE.pattern
)
ISO_DATE_RE = re.compile(r"issued\s+(?P<date>\d{4}-\d{2}-\d{2})")
CN_DATE_RE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
EFFECTIVE_ON_ISSUE_RE = re.compile(r"自(?:印发|发布|公布)之日起施行")
EFFECTIVE_ON_DATE_RE = re.compile(r"自(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)起施行")


class MeasuresFormatError(ValueError):
    """A measures file that does not follow the format; ``line`` is 1-based
    (0 when the problem is with the file as a whole)."""

    def __init__(self, line: int, problem: str):
        self.line = line
        self.problem = problem
        if line:
            message = _("line %(line)d: %(problem)s") % {"line": line, "problem": problem}
        else:
            message = problem
        super().__init__(message)


@dataclass
class Article:
    number: int
    paragraphs: list[str]
    line: int

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Chapter:
    number: int
    title: str
    line: int
    articles: list[Article] = field(default_factory=list)


@dataclass
class ParsedMeasures:
    title: str
    document_number: str
    issuing_body: str
    issue_date: datetime.date
    effective_date: datetime.date
    chapters: list[Chapter]
    sha256: str
    # Every number of numbers.PATTERNS as the text states it (or not).
    readings: list[Reading] = field(default_factory=list)

    @property
    def trial_years(self) -> int | None:
        return next((r.value for r in self.readings if r.field == "trial_period_years"), None)

    @property
    def articles(self) -> list[Article]:
        return [a for c in self.chapters for a in c.articles]


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise MeasuresFormatError(line, _("the file is not UTF-8 text")) from exc
    return text.removeprefix("\ufeff")


def _numeral(value: str, line: int) -> int:
    try:
        return from_chinese(value)
    except ValueError as exc:
        raise MeasuresFormatError(
            line, _("“%(numeral)s” is not a valid Chinese numeral") % {"numeral": value}
        ) from exc


def _parse_cn_date(text: str, line: int) -> datetime.date:
    match = CN_DATE_RE.search(text) or re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        raise MeasuresFormatError(line, _("“%(value)s” is not a date") % {"value": text})
    try:
        return datetime.date(*(int(g) for g in match.groups()))
    except ValueError as exc:
        raise MeasuresFormatError(line, _("“%(value)s” is not a date") % {"value": text}) from exc


def parse_measures(data: bytes) -> ParsedMeasures:
    """Returns the measures read from ``data`` (the bytes of a file).

    Raises MeasuresFormatError, naming the line, for anything that does not
    follow the format described in this module's docstring."""
    lines = _decode(data).splitlines()
    title = None
    title_line = 0
    preamble: list[tuple[int, str]] = []
    chapters: list[Chapter] = []
    current: Article | None = None
    next_article = 1

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if title is None:
            match = TITLE_RE.match(line)
            if not match:
                raise MeasuresFormatError(
                    number, _("the file must begin with the title as “# title”")
                )
            title, title_line = match["title"].strip(), number
            continue
        chapter_match = CHAPTER_RE.match(line)
        if chapter_match:
            chapter_number = _numeral(chapter_match["num"], number)
            if chapter_number != len(chapters) + 1:
                raise MeasuresFormatError(
                    number,
                    _("chapter %(found)d found where chapter %(expected)d was expected")
                    % {"found": chapter_number, "expected": len(chapters) + 1},
                )
            if chapters and not chapters[-1].articles:
                raise MeasuresFormatError(chapters[-1].line, _("the chapter has no articles"))
            chapters.append(Chapter(chapter_number, chapter_match["title"].strip(), number))
            current = None
            continue
        if HEADING_RE.match(line):
            raise MeasuresFormatError(
                number,
                _("unexpected heading; chapters are written “## 第一章 title”"),
            )
        article_match = ARTICLE_RE.match(line)
        if article_match:
            article_number = _numeral(article_match["num"], number)
            if not chapters:
                raise MeasuresFormatError(
                    number, _("an article appears before the first chapter heading")
                )
            if article_number != next_article:
                raise MeasuresFormatError(
                    number,
                    _("article %(found)d found where article %(expected)d was expected")
                    % {"found": article_number, "expected": next_article},
                )
            current = Article(article_number, [article_match["text"].strip()], number)
            chapters[-1].articles.append(current)
            next_article += 1
            continue
        if chapters:
            if current is None:
                raise MeasuresFormatError(
                    number, _("text between a chapter heading and its first article")
                )
            current.paragraphs.append(line)
        else:
            preamble.append((number, line))

    if title is None:
        raise MeasuresFormatError(0, _("the file is empty"))
    if not chapters:
        raise MeasuresFormatError(0, _("the file has no chapters (“## 第一章 title”)"))
    if not chapters[-1].articles:
        raise MeasuresFormatError(chapters[-1].line, _("the chapter has no articles"))

    meta = _read_metadata(preamble, title_line)
    articles_text = "\n".join(a.text for c in chapters for a in c.articles)
    effective = meta.get("effective_date")
    if effective is None:
        if EFFECTIVE_ON_ISSUE_RE.search(articles_text):
            effective = meta["issue_date"]
        elif match := EFFECTIVE_ON_DATE_RE.search(articles_text):
            effective = _parse_cn_date(match["date"], title_line)
        else:
            raise MeasuresFormatError(
                title_line,
                _(
                    "the effective date is not stated; add a line “施行日期：YYYY-MM-DD” "
                    "to the preamble"
                ),
            )
    return ParsedMeasures(
        title=title,
        document_number=meta["document_number"],
        issuing_body=meta["issuing_body"],
        issue_date=meta["issue_date"],
        effective_date=effective,
        chapters=chapters,
        sha256=hashlib.sha256(data).hexdigest(),
        readings=numbers_read(articles=[(a.number, a.text) for c in chapters for a in c.articles]),
    )


def _read_metadata(preamble: list[tuple[int, str]], title_line: int) -> dict:
    """Returns document number, issuing body, issue date and (if given)
    effective date from the preamble's key lines or its prose."""
    meta: dict = {}
    prose = []
    for number, line in preamble:
        match = META_LINE_RE.match(line)
        if not match:
            prose.append(line)
            continue
        key, value = match["key"], match["value"].strip()
        if key == "文号":
            meta["document_number"] = value
        elif key == "发布机关":
            meta["issuing_body"] = value
        elif key == "印发日期":
            meta["issue_date"] = _parse_cn_date(value, number)
        else:
            meta["effective_date"] = _parse_cn_date(value, number)
    text = " ".join(prose)
    if "document_number" not in meta and (match := DOC_NUMBER_RE.search(text)):
        meta["document_number"] = match["number"]
    if "issuing_body" not in meta and (match := ISSUER_BEFORE_NUMBER_RE.search(text)):
        meta["issuing_body"] = match["issuer"].strip()
    if "issue_date" not in meta and (match := ISO_DATE_RE.search(text)):
        meta["issue_date"] = _parse_cn_date(match["date"], title_line)
    missing = {
        "document_number": "文号：景文旅字〔2020〕152号",
        "issuing_body": "发布机关：…",
        "issue_date": "印发日期：2020-12-18",
    }
    for key, example in missing.items():
        if key not in meta:
            raise MeasuresFormatError(
                title_line + 1,
                _("the preamble does not state the %(what)s; add a line such as “%(example)s”")
                % {"what": _FIELD_NAMES[key](), "example": example},
            )
    return meta


_FIELD_NAMES = {
    "document_number": lambda: _("document number"),
    "issuing_body": lambda: _("issuing body"),
    "issue_date": lambda: _("issue date"),
}
