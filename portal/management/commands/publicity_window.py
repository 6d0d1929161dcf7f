"""``manage.py publicity_window DATE``: the publicity window as JSON."""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from applications.selectors import rules_first_effective, rules_index
from portal.core.models import FirstDayRule
from portal.core.selectors import workday_calendar
from portal.core.workdays import CalendarRangeError

BAD_INPUT = 2


def _date(value: str, where: str = "") -> datetime.date:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            _("%(where)s“%(value)s” is not a date; write YYYY-MM-DD, e.g. 2025-09-22")
            % {"where": where, "value": value.strip()},
            returncode=BAD_INPUT,
        ) from None


class Command(BaseCommand):
    help = _(
        "Prints the publicity window (start, end, working days, whether provisional) for a "
        "publication date, as JSON, under the rule of the measures in force that day."
    )

    def add_arguments(self, parser):
        parser.add_argument("date", nargs="?", help=_("publication date, YYYY-MM-DD"))
        parser.add_argument("--days", type=int, help=_("length in working days (default: 20)"))
        parser.add_argument(
            "--rule",
            choices=FirstDayRule.values,
            help=_("whether the publication day counts (default: the measures' rule)"),
        )
        parser.add_argument(
            "--json-lines",
            type=Path,
            metavar="FILE",
            help=_("read many dates, one per line, and print one JSON object per line"),
        )

    def handle(self, *args, date, days, rule, json_lines, **options):
        if days is not None and days < 1:
            raise CommandError(
                _("--days must be 1 or more, not %(days)d") % {"days": days},
                returncode=BAD_INPUT,
            )
        if (date is None) == (json_lines is None):
            raise CommandError(
                _("give one publication date, or --json-lines FILE"), returncode=BAD_INPUT
            )
        if json_lines is None:
            dates = [_date(date)]
        else:
            try:
                lines = json_lines.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(
                    _("cannot read %(path)s: %(reason)s") % {"path": json_lines, "reason": exc},
                    returncode=BAD_INPUT,
                ) from exc
            # Every line is checked before anything is printed.
            dates = [
                _date(line, _("line %(line)d: ") % {"line": number})
                for number, line in enumerate(lines, start=1)
                if line.strip()
            ]
        calendar = workday_calendar()  # built once, before the loop
        rules = rules_index()
        first = rules_first_effective()
        early = [d for d in dates if not days and first is not None and d < first]
        if early:
            raise CommandError(
                _(
                    "No version of the measures was in force on %(day)s: the first took effect "
                    "on %(first)s. Give --days, or a date on or after it."
                )
                % {"day": early[0].isoformat(), "first": first.isoformat()},
                returncode=BAD_INPUT,
            )
        try:
            for day in dates:
                window = calendar.window(
                    day,
                    days or rules(day).publicity_working_days,
                    rule or rules(day).publicity_first_day,
                )
                result = window.as_dict()
                if not days:
                    result["measure"] = rules(day).document_number
                self.stdout.write(json.dumps(result, ensure_ascii=False))
        except CalendarRangeError as exc:
            raise CommandError(
                _("%(date)s: outside the calendar (%(reason)s)")
                % {"date": day.isoformat(), "reason": exc},
                returncode=BAD_INPUT,
            ) from exc
