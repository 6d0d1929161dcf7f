"""``manage.py check_eligibility``: judge a base application's numbers."""

import datetime
import json
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.eligibility import Category, base_eligibility
from applications.selectors import NoMeasuresInForce, rules_in_force, rules_warnings

BAD_INPUT = 2


class Command(BaseCommand):
    help = _(
        "Judges a protection base application's numeric conditions (第七条（六）) under the "
        "measures in force on a date, and prints the result as JSON with the version used "
        "(measure) and any warnings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--category", required=True, help=", ".join(Category.values))
        parser.add_argument("--area", required=True, help=_("site area in m²"))
        parser.add_argument("--staff", required=True, help=_("number of staff"))
        parser.add_argument(
            "--senior", default="0", help=_("staff with an associate-senior title or higher")
        )
        parser.add_argument("--special", action="store_true", help=_("a special project"))
        parser.add_argument("--endangered", action="store_true", help=_("an endangered project"))
        parser.add_argument("--date", help=_("submission date, YYYY-MM-DD (default: today)"))

    def handle(self, *args, category, area, staff, senior, special, endangered, date, **options):
        if category not in Category.values:
            raise CommandError(
                _("--category must be one of %(choices)s, not “%(value)s”")
                % {"choices": ", ".join(Category.values), "value": category},
                returncode=BAD_INPUT,
            )
        try:
            site_area = Decimal(area)
            if not site_area.is_finite() or site_area < 0:
                raise InvalidOperation
        except InvalidOperation:
            raise CommandError(
                _("--area must be a number of square metres, not “%(value)s”") % {"value": area},
                returncode=BAD_INPUT,
            ) from None
        counts = {}
        for name, value in (("staff", staff), ("senior", senior)):
            if not value.isdigit():
                raise CommandError(
                    _("--%(name)s must be a whole number, not “%(value)s”")
                    % {"name": name, "value": value},
                    returncode=BAD_INPUT,
                )
            counts[name] = int(value)
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(
                _("--date must be YYYY-MM-DD, not “%(value)s”") % {"value": date},
                returncode=BAD_INPUT,
            ) from None
        try:
            rules = rules_in_force(day=day)
        except NoMeasuresInForce as exc:
            raise CommandError(
                _(
                    "No version of the measures was in force on %(day)s: the first took effect "
                    "on %(first)s. Choose a --date on or after it."
                )
                % {"day": day.isoformat(), "first": exc.first.isoformat()},
                returncode=BAD_INPUT,
            ) from None
        judgement = base_eligibility(
            category=category,
            site_area_m2=site_area,
            staff=counts["staff"],
            senior_staff=counts["senior"],
            special=special,
            endangered=endangered,
            rules=rules,
        )
        result = judgement.as_dict() | {
            # The version used: its document number (blank on a site where
            # no version has been imported, judged by the bundled text).
            "measure": rules.document_number,
            "warnings": rules_warnings(day=day),
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False))
