"""``manage.py import_measures PATH``: load a measures file as a version."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from applications.measures.numbers import effective_sentence, plain_number
from applications.measures.text import MeasuresFormatError
from applications.models import RuleSet
from cms.services import MeasuresImportError, measure_import


class Command(BaseCommand):
    help = _(
        "Imports a measures file (in the format of shared/measures/measures-2020.md) as a "
        "version of the measures and publishes it. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=_("the measures file"))
        parser.add_argument(
            "--revise",
            action="store_true",
            help=_("publish the file as a new revision of the version with its document number"),
        )

    def handle(self, *args, path: Path, revise: bool, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from exc
        try:
            result = measure_import(data=data, revise=revise, source=path.name)
        except MeasuresFormatError as exc:
            raise CommandError(f"{path}: {exc}") from exc
        except MeasuresImportError as exc:
            raise CommandError(str(exc)) from exc

        page, parsed = result.page, result.parsed
        if not result.changed:
            self.stdout.write(
                _("%(number)s is already imported from this file; nothing changed.")
                % {"number": parsed.document_number}
            )
            self._numbers(result.numbers)
            return
        message = (
            _("Imported %(number)s: %(chapters)d chapters, %(articles)d articles (%(status)s).")
            if result.created
            else _("Revised %(number)s: %(chapters)d chapters, %(articles)d articles (%(status)s).")
        )
        self.stdout.write(
            self.style.SUCCESS(
                message
                % {
                    "number": parsed.document_number,
                    "chapters": len(parsed.chapters),
                    "articles": len(parsed.articles),
                    "status": page.get_status_display(),
                }
            )
        )
        self._effective(parsed)
        self._numbers(result.numbers)
        self.stdout.write(page.url or "")

    def _effective(self, parsed) -> None:
        article, sentence = effective_sentence(
            articles=[(a.number, a.text) for a in parsed.articles]
        )
        self.stdout.write(
            _("effective date: %(date)s — %(article)s “%(sentence)s”")
            % {
                "date": parsed.effective_date.isoformat(),
                "article": article or _("preamble"),
                "sentence": sentence or _("施行日期 line"),
            }
        )

    def _numbers(self, lines) -> None:
        """Prints each number with the sentence it was read from, or that
        the text does not state it and whose number is kept."""
        for line in lines:
            label = RuleSet._meta.get_field(line.field).verbose_name
            if line.stated:
                text = _("%(label)s: %(value)s — %(article)s “%(sentence)s”") % {
                    "label": label,
                    "value": plain_number(line.value),
                    "article": line.article,
                    "sentence": line.sentence,
                }
                if line.corrected:
                    text += " " + _("(corrected by staff)")
            else:
                text = _(
                    "%(label)s: %(value)s — not stated in the text (looked for in %(article)s); "
                    "kept from %(version)s"
                ) % {
                    "label": label,
                    "value": plain_number(line.value),
                    "article": line.article,
                    "version": line.kept_from or _("the bundled measures"),
                }
            self.stdout.write("  " + text)
