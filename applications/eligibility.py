"""Eligibility of a protection base application (第七条) and a reserve
application (第五条（九）), as pure functions of the application's facts and
the rules of a measure version.

"以上" includes the number itself (民法典 第一千二百五十九条): exactly
1000 m² passes. A numeric shortfall of a special or endangered project is
not a failure: it goes to a reviewer as a relaxation request (第七条（六）).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.core.dates import add_years

if TYPE_CHECKING:  # the models import this module's choices
    from .models import Rules


class Category(models.TextChoices):
    PRODUCTION = "production", gettext_lazy("Productive protection demonstration base")
    TRANSMISSION = "transmission", gettext_lazy("Transmission base")
    DISSEMINATION = "dissemination", gettext_lazy("Dissemination base")
    RESEARCH = "research", gettext_lazy("Research base")


class InheritorBranch(models.TextChoices):
    """The two ways 第七条（二） is met: 若干名以上掌握该项非物质文化遗产项目
    市级以上代表性传承人，或者一批熟练掌握该项目的非遗文化持有者."""

    REPRESENTATIVE = (
        "representative",
        gettext_lazy("Representative inheritors of municipal level or above"),
    )
    HOLDERS = "holders", gettext_lazy("A group of skilled holders of the craft")


# The levels of a representative inheritor (and of an ICH project), highest
# first; 第七条（二） counts those of municipal level or above (“以上”
# includes the municipal level itself).
ICH_LEVELS = [
    ("国家级", gettext_lazy("National")),
    ("省级", gettext_lazy("Provincial")),
    ("市级", gettext_lazy("Municipal")),
    ("县级", gettext_lazy("County")),
]
MUNICIPAL_OR_ABOVE = frozenset({"国家级", "省级", "市级"})


class Result(models.TextChoices):
    PASS = "pass", gettext_lazy("Meets the condition")
    FAIL = "fail", gettext_lazy("Does not meet the condition")
    NEEDS_RELAXATION_REVIEW = "needs_relaxation_review", gettext_lazy("Relaxation to be reviewed")
    REVIEWER_JUDGEMENT = "reviewer_judgement", gettext_lazy("Judged by the reviewers")


@dataclass(frozen=True)
class Criterion:
    code: str
    result: str
    message: str


@dataclass
class Judgement:
    criteria: list[Criterion] = field(default_factory=list)

    @property
    def overall(self) -> str:
        """Returns fail if any criterion fails, else needs_relaxation_review if
        any needs it, else pass. Qualitative criteria, left to the reviewers,
        do not decide it."""
        results = {c.result for c in self.criteria}
        if Result.FAIL in results:
            return Result.FAIL
        if Result.NEEDS_RELAXATION_REVIEW in results:
            return Result.NEEDS_RELAXATION_REVIEW
        return Result.PASS

    def failures(self) -> list[Criterion]:
        return [c for c in self.criteria if c.result == Result.FAIL]

    def as_dict(self) -> dict:
        return {
            "overall": str(self.overall),
            "criteria": [
                {"code": c.code, "result": str(c.result), "message": c.message}
                for c in self.criteria
            ],
        }


def _number(value: Decimal | int) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _threshold(
    *, code: str, actual, minimum, relaxable: bool, passed: str, short: str
) -> Criterion:
    values = {"actual": _number(actual), "minimum": _number(minimum)}
    if actual >= minimum:
        return Criterion(code, Result.PASS, passed % values)
    if relaxable:
        return Criterion(
            code,
            Result.NEEDS_RELAXATION_REVIEW,
            short % values + _("; as a special or endangered project, relaxation is requested."),
        )
    return Criterion(code, Result.FAIL, short % values)


QUALITATIVE_BASE_CONDITIONS = [
    ("authenticity", "第七条（一）"),
    ("inheritors", "第七条（二）"),
    ("safeguarding", "第七条（三）"),
    ("participation", "第七条（四）"),
    ("benefits", "第七条（五）"),
]


def base_eligibility(
    *,
    category: str,
    site_area_m2: Decimal,
    staff: int,
    senior_staff: int,
    special: bool = False,
    endangered: bool = False,
    rules: "Rules",
    inheritor_branch: str | None = None,
    inheritors: Sequence[dict] = (),
    skilled_holders: Sequence[dict] = (),
) -> Judgement:
    """Returns the judgement of a protection base application on 第七条:
    the numeric conditions of （六） decided here, conditions （一）–（五）
    left to the reviewers. Given ``inheritor_branch`` (the applicant's
    choice, "" if none), （二） is judged by ``inheritors_criterion``;
    without it (numbers alone) it is left to the reviewers too."""
    if category not in Category.values:
        raise ValueError(f"unknown category {category!r}")
    relaxable = special or endangered
    judgement = Judgement()
    judgement.criteria.append(
        _threshold(
            code="site_area",
            actual=Decimal(site_area_m2),
            minimum=rules.min_site_area_m2,
            relaxable=relaxable,
            passed=_(
                "Site area %(actual)s m², meets the %(minimum)s m² or more required by "
                "Article 7 (6)"
            ),
            short=_(
                "Site area %(actual)s m², below the %(minimum)s m² or more required by "
                "Article 7 (6)"
            ),
        )
    )
    judgement.criteria.append(
        _threshold(
            code="staff",
            actual=staff,
            minimum=rules.min_staff,
            relaxable=relaxable,
            passed=_("%(actual)s staff, meets the %(minimum)s or more required by Article 7 (6)"),
            short=_("%(actual)s staff, below the %(minimum)s or more required by Article 7 (6)"),
        )
    )
    if category == Category.RESEARCH:
        judgement.criteria.append(
            _threshold(
                code="senior_staff",
                actual=senior_staff,
                minimum=rules.min_senior_staff_research,
                relaxable=relaxable,
                passed=_(
                    "%(actual)s staff with an associate-senior title or higher, meets the "
                    "%(minimum)s or more Article 7 (6) requires of a research base"
                ),
                short=_(
                    "%(actual)s staff with an associate-senior title or higher, below the "
                    "%(minimum)s or more Article 7 (6) requires of a research base"
                ),
            )
        )
    for criterion in _left_to_reviewers(QUALITATIVE_BASE_CONDITIONS):
        if criterion.code == "inheritors" and inheritor_branch is not None:
            criterion = inheritors_criterion(
                branch=inheritor_branch, inheritors=inheritors, skilled_holders=skilled_holders
            )
        judgement.criteria.append(criterion)
    return judgement


def _people(rows: Sequence[dict], detail: str) -> str:
    return "、".join(f"{row.get('name', '')}（{row.get(detail, '') or '—'}）" for row in rows)


def inheritors_criterion(
    *, branch: str, inheritors: Sequence[dict] = (), skilled_holders: Sequence[dict] = ()
) -> Criterion:
    """Returns the judgement of 第七条（二） on the branch the applicant chose.
    (a) counts the representative inheritors of municipal level or above
    (those of county level or below do not count, and are listed so) and
    fails without one; how many “若干名” needs is the reviewers' judgement.
    (b) lists the skilled holders and leaves to the reviewers whether they
    are “一批” (the measures give no number); it fails only with none.
    No branch chosen fails."""
    code = "inheritors"
    if branch == InheritorBranch.REPRESENTATIVE:
        counted = [i for i in inheritors if i.get("level") in MUNICIPAL_OR_ABOVE]
        below = [i for i in inheritors if i.get("level") not in MUNICIPAL_OR_ABOVE]
        values = {
            "count": len(counted),
            "counted": _people(counted, "level"),
            "below": _people(below, "level"),
        }
        not_counted = _("; not counted, below municipal level: %(below)s") % values if below else ""
        if not counted:
            return Criterion(
                code,
                Result.FAIL,
                _(
                    "Article 7 (2), branch (a) representative inheritors: no inheritor of "
                    "municipal level or above"
                )
                + not_counted,
            )
        return Criterion(
            code,
            Result.REVIEWER_JUDGEMENT,
            _(
                "Article 7 (2), branch (a) representative inheritors: %(count)d of municipal "
                "level or above (%(counted)s)"
            )
            % values
            + not_counted
            + _("; whether they are enough is judged by the reviewers"),
        )
    if branch == InheritorBranch.HOLDERS:
        if not skilled_holders:
            return Criterion(
                code,
                Result.FAIL,
                _("Article 7 (2), branch (b) a group of skilled holders: no holder is named"),
            )
        values = {
            "count": len(skilled_holders),
            "holders": "、".join(
                _("%(name)s (%(years)s years)")
                % {"name": h.get("name", ""), "years": h.get("years", "—")}
                for h in skilled_holders
            ),
        }
        return Criterion(
            code,
            Result.REVIEWER_JUDGEMENT,
            _(
                "Article 7 (2), branch (b) a group of skilled holders: %(count)d named "
                "(%(holders)s); whether they are a group that has mastered the project is "
                "judged by the reviewers"
            )
            % values,
        )
    return Criterion(
        code,
        Result.FAIL,
        _(
            "Article 7 (2): choose representative inheritors of municipal level or above, or "
            "a group of skilled holders"
        ),
    )


def _left_to_reviewers(conditions: list[tuple[str, str]]) -> list[Criterion]:
    """Returns a reviewer-judgement criterion for each qualitative condition."""
    return [
        Criterion(
            code,
            Result.REVIEWER_JUDGEMENT,
            _("%(article)s is judged by the reviewers from the narrative and materials")
            % {"article": article},
        )
        for code, article in conditions
    ]


def holistic_protection_criterion(
    *, since: datetime.date, applied_on: datetime.date, rules: "Rules"
) -> Criterion:
    """Returns whether holistic protection in force since ``since`` has
    lasted the years 第五条（九） requires by ``applied_on``: two years to the
    day is enough ("两年以上" includes two years)."""
    years = rules.min_holistic_protection_years
    reached = add_years(since, years)
    values = {"since": since.isoformat(), "years": years, "reached": reached.isoformat()}
    if applied_on >= reached:
        return Criterion(
            "holistic_protection",
            Result.PASS,
            _(
                "Holistic protection since %(since)s: %(years)s years or more by the application, "
                "as Article 5 (9) requires"
            )
            % values,
        )
    return Criterion(
        "holistic_protection",
        Result.FAIL,
        _(
            "Holistic protection since %(since)s reaches %(years)s years only on %(reached)s; "
            "Article 5 (9) requires %(years)s years or more"
        )
        % values,
    )


QUALITATIVE_RESERVE_CONDITIONS = [
    ("heritage", "第五条（一）"),
    ("resources", "第五条（二）"),
    ("transmission", "第五条（三）"),
    ("sites", "第五条（四）"),
    ("government", "第五条（五）"),
    ("core_areas", "第五条（六）"),
    ("area", "第五条（七）"),
    ("management", "第五条（八）"),
]

OUTLINE_PARTS = [
    ("part1", "第九条（一）"),
    ("part2", "第九条（二）"),
    ("part3", "第九条（三）"),
    ("part4", "第九条（四）"),
    ("part5", "第九条（五）"),
]


def reserve_eligibility(
    *,
    since: datetime.date | None,
    applied_on: datetime.date,
    townships: int,
    rules: "Rules",
) -> Judgement:
    """Returns the judgement of a reserve application on 第五条: the zone is
    one or more townships (（七）), holistic protection has lasted long enough
    (（九）), the other conditions are left to the reviewers."""
    judgement = Judgement()
    if townships:
        judgement.criteria.append(
            Criterion(
                "townships",
                Result.PASS,
                _("The zone is made of %(count)d townships or subdistricts (Article 5 (7))")
                % {"count": townships},
            )
        )
    else:
        judgement.criteria.append(
            Criterion(
                "townships",
                Result.FAIL,
                _("Choose the townships or subdistricts the zone is made of (Article 5 (7))"),
            )
        )
    if since is not None:
        judgement.criteria.append(
            holistic_protection_criterion(since=since, applied_on=applied_on, rules=rules)
        )
    judgement.criteria.extend(_left_to_reviewers(QUALITATIVE_RESERVE_CONDITIONS))
    return judgement
