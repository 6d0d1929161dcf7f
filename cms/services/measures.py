"""Writes of the measures: importing a version and rendering its PDF."""

import datetime
import re
from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from applications.measures.text import ParsedMeasures, parse_measures
from applications.models import RuleSet
from applications.models.rules import MEASURE_NUMBERS
from applications.services.rules import NumberLine, rule_set_lines, rule_set_read
from portal.core.pdf import render_pdf

from ..models import (
    MeasurePage,
    MeasurePdf,
    MeasureStatus,
)
from .site import site_tree_ensure


class MeasuresImportError(Exception):
    """An import that cannot be carried out; the message says why."""


@dataclass
class MeasureImportResult:
    page: MeasurePage
    created: bool
    changed: bool
    parsed: ParsedMeasures
    # A line per number of the measures: the value and its sentence.
    numbers: list[NumberLine] = field(default_factory=list)


def _slug_for(document_number: str) -> str:
    """Returns a URL slug from the numbers of a document number:
    景文旅字〔2020〕152号 → 2020-152."""
    return "-".join(re.findall(r"\d+", document_number)) or "version"


def _body_from(parsed: ParsedMeasures) -> list[tuple[str, dict]]:
    return [
        (
            "chapter",
            {
                "number": chapter.number,
                "title": chapter.title,
                "articles": [{"number": a.number, "text": a.text} for a in chapter.articles],
            },
        )
        for chapter in parsed.chapters
    ]


def _expected_status(
    page_effective: datetime.date, in_force_effective: datetime.date | None, today: datetime.date
) -> str:
    if page_effective > today:
        return MeasureStatus.PENDING
    if page_effective == in_force_effective:
        return MeasureStatus.IN_FORCE
    return MeasureStatus.SUPERSEDED


def _publish(page: MeasurePage, user: AbstractBaseUser | None) -> None:
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    # publish() saves a copy built from the revision; the caller's object
    # must see the live state too.
    page.refresh_from_db()


@transaction.atomic
def measure_import(
    *, data: bytes, user: AbstractBaseUser | None = None, revise: bool = False, source: str = ""
) -> MeasureImportResult:
    """Imports a measures file as a version of the measures and publishes it.

    Returns the version's page, whether it was created, and whether anything
    changed: importing the same file again changes nothing. A file with the
    document number of an existing version but other text is refused unless
    ``revise`` is true, when it becomes a new revision of that version.

    The newest version whose effective date has come is marked in force, and
    the versions before it superseded. Raises MeasuresFormatError for a
    malformed file and MeasuresImportError for a refused import; either way
    nothing is written."""
    parsed = parse_measures(data)
    tree = site_tree_ensure()
    existing = MeasurePage.objects.filter(document_number=parsed.document_number).first()
    if existing is not None and existing.source_sha256 == parsed.sha256:
        rule_set = RuleSet.objects.filter(measure=existing).first()
        return MeasureImportResult(
            page=existing,
            created=False,
            changed=False,
            parsed=parsed,
            numbers=rule_set_lines(rule_set=rule_set) if rule_set else [],
        )
    if existing is not None and not revise:
        raise MeasuresImportError(
            _(
                "A version with document number %(number)s already exists with a different "
                "text. To publish this file as a new revision of it, import with --revise."
            )
            % {"number": parsed.document_number}
        )

    today = timezone.localdate()
    others = MeasurePage.objects.live().exclude(pk=getattr(existing, "pk", None))
    started = [d for d in others.values_list("effective_date", flat=True) if d <= today]
    if parsed.effective_date <= today:
        started.append(parsed.effective_date)
    in_force_effective = max(started, default=None)

    fields = {
        "title": parsed.title,
        "document_number": parsed.document_number,
        "issuing_body": parsed.issuing_body,
        "issue_date": parsed.issue_date,
        "effective_date": parsed.effective_date,
        "trial_period_years": parsed.trial_years,
        "status": _expected_status(parsed.effective_date, in_force_effective, today),
        "body": _body_from(parsed),
        "source_sha256": parsed.sha256,
    }
    if existing is None:
        slug = _slug_for(parsed.document_number)
        if Page.objects.child_of(tree.measure_index).filter(slug=slug).exists():
            slug = f"{slug}-{MeasurePage.objects.count() + 1}"
        page = MeasurePage(slug=slug, live=False, **fields)
        tree.measure_index.add_child(instance=page)
    else:
        page = existing
        for name, value in fields.items():
            setattr(page, name, value)
    try:
        page.full_clean()
    except ValidationError as exc:
        # Raised before anything is published; the atomic block undoes the
        # rest (a new page added to the tree, the site tree on first use).
        raise MeasuresImportError(" ".join(exc.messages)) from exc
    _publish(page, user)
    _rule_set, lines = rule_set_sync(page=page, user=user)
    log(
        instance=page,
        action="portal.measures.import",
        user=user,
        data={
            "document_number": parsed.document_number,
            "sha256": parsed.sha256,
            "source": source,
            "chapters": len(parsed.chapters),
            "articles": len(parsed.articles),
            "revised": existing is not None,
        },
    )

    for other in others.specific():
        status = _expected_status(other.effective_date, in_force_effective, today)
        if other.status != status:
            old = other.status
            other.status = status
            _publish(other, user)
            log(
                instance=other,
                action="portal.measures.status",
                user=user,
                data={"old": old, "new": status, "because_of": parsed.document_number},
            )
    return MeasureImportResult(
        page=page, created=existing is None, changed=True, parsed=parsed, numbers=lines
    )


def rule_set_sync(
    *, page: MeasurePage, user: AbstractBaseUser | None = None
) -> tuple[RuleSet, list[NumberLine]]:
    """Makes the rule set of a measures version carry the version as its
    page shows it (title, document number, dates, trial, published or not)
    and the numbers its articles state (applications.services.rules.
    rule_set_read: a number staff corrected stays while its sentence is
    unchanged; one the text does not state is kept from the previous
    version). A rule set whose numbers changed gets a revision, so the
    history of each number starts from the text. Returns the rule set and
    a line per number."""
    rule_set = RuleSet.objects.filter(measure=page).first()
    new = rule_set is None
    if new:
        rule_set = RuleSet(measure=page)
    rule_set.title = page.title
    rule_set.document_number = page.document_number
    rule_set.issue_date = page.issue_date
    rule_set.effective_date = page.effective_date
    rule_set.trial_period_years = page.trial_period_years
    rule_set.published = page.live
    before = {name: getattr(rule_set, name) for name in MEASURE_NUMBERS}
    articles = [
        (article["number"], "\n".join(article["paragraphs"]))
        for chapter in page.chapters
        for article in chapter["articles"]
    ]
    lines = rule_set_read(rule_set=rule_set, articles=articles, new=new)
    rule_set.save()
    changed = {
        name: str(getattr(rule_set, name))
        for name in MEASURE_NUMBERS
        if getattr(rule_set, name) != before[name]
    }
    if changed:
        rule_set.save_revision(user=user)
        log(
            instance=rule_set,
            action="portal.rules.read",
            user=user,
            data={"document_number": page.document_number, "numbers": changed},
        )
    return rule_set, lines


def measure_pdf_render(*, page_id: int) -> MeasurePdf | None:
    """Renders the live version of a measures page to PDF and stores it.

    Returns the stored PDF, or None if the page is gone or not live. Does
    nothing new when the PDF already matches the live revision, so a
    retried task is harmless; nor when another revision went live while
    this one rendered (its own task stores it: an older PDF never replaces
    a newer one)."""
    page = MeasurePage.objects.live().filter(pk=page_id).first()
    if page is None:
        return None
    existing = MeasurePdf.objects.filter(page=page).first()
    if existing is not None and existing.revision_id == page.live_revision_id and existing.file:
        return existing
    data = render_pdf("pdf/measures.html", {"page": page})
    with transaction.atomic():
        pdf = MeasurePdf.objects.select_for_update().filter(page=page).first()
        live = MeasurePage.objects.filter(pk=page.pk).values_list("live_revision_id", flat=True)
        if live.first() != page.live_revision_id:
            return pdf
        old_file = pdf.file.name if pdf and pdf.file else None
        pdf = pdf or MeasurePdf(page=page)
        pdf.revision_id = page.live_revision_id or 0
        pdf.file.save(f"{page.slug}-r{pdf.revision_id}.pdf", ContentFile(data), save=False)
        pdf.save()
        if old_file and old_file != pdf.file.name:
            # The old file goes only once the new row is committed.
            transaction.on_commit(lambda: pdf.file.storage.delete(old_file))
    return pdf
