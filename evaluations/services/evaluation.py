"""Writes of the comprehensive evaluation (全面评估, 第三十六条): opening a
round for the units due, assigning scorers, scoring, and concluding each
unit's evaluation with its weighted total and outcome (第三十八条:
commendation, or an order to rectify). The public site publishes the
report when an evaluation is concluded (evaluations.events).

Every refusal is a Refused listing each problem in words; nothing is
written then. Every change is logged as ``portal.evaluation.<verb>``."""

import datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.roles import BUREAU, require
from portal.core.errors import Refused
from portal.core.links import page_link
from portal.core.notifications import notify

from ..events import evaluation_concluded
from ..models import (
    Commender,
    Evaluation,
    EvaluationOutcome,
    EvaluationRound,
    EvaluationScore,
    EvaluationStatus,
    Indicator,
    Obligation,
    ObligationKind,
    ObligationStatus,
    ProtectedUnit,
)
from ..notifications import UnitEvent, county_government_report_notify, unit_notify
from ..selectors import DUE_WITHIN_DAYS, eligible_scorers, evaluation_score_table, units_due
from .conclusion import evaluation_conclude_problems
from .indicators import hundredths, indicator_weights_problem, indicators_snapshot
from .rectification import rectification_order_issue


@transaction.atomic
def evaluation_round_open(
    *, user: AbstractBaseUser, title: str, day: datetime.date
) -> EvaluationRound:
    """Opens a round of comprehensive evaluations on ``day``: one evaluation
    for each unit that has an open evaluation obligation due by ``day`` +
    90 days (or overdue) and is not delisted, linked to its obligation (the
    earliest, when a unit owes more than one), and a snapshot of the active
    indicators and their weights, which the round keeps whatever is edited
    later. The units' members are told. Returns the round.

    Refused, writing nothing, for anyone but the bureau, without a title,
    when the active weights do not sum to 100, or when no unit is due."""
    require(user, BUREAU, _("Only the bureau's reviewers open evaluation rounds."))
    problems = []
    if not title.strip():
        problems.append(_("Give the round a title."))
    if day is None:
        problems.append(_("Give the day the round opens."))
    snapshot = indicators_snapshot()
    problem = indicator_weights_problem(Decimal(i["weight"]) for i in snapshot)
    if problem:
        problems.append(problem)
    if problems:
        raise Refused(problems)
    # Locked, then checked again for an evaluation: a round opened at the
    # same moment has either taken an obligation (and committed) or waits.
    obligations = list(units_due(day=day).select_for_update())
    taken = set(
        Evaluation.objects.filter(obligation__in=obligations).values_list(
            "obligation_id", flat=True
        )
    )
    busy = set(
        Evaluation.objects.filter(
            unit__in={o.unit_id for o in obligations}, status=EvaluationStatus.SCORING
        ).values_list("unit_id", flat=True)
    )
    first_by_unit: dict[int, Obligation] = {}
    for obligation in obligations:
        if obligation.pk not in taken and obligation.unit_id not in busy:
            first_by_unit.setdefault(obligation.unit_id, obligation)
    if not first_by_unit:
        raise Refused(
            [
                _("No unit has a comprehensive evaluation due by %(date)s.")
                % {"date": (day + datetime.timedelta(days=DUE_WITHIN_DAYS)).isoformat()}
            ]
        )
    evaluation_round = EvaluationRound.objects.create(
        title=title.strip(), opened_on=day, opened_by=user, indicators=snapshot
    )
    Evaluation.objects.bulk_create(
        Evaluation(round=evaluation_round, unit_id=unit_id, obligation=obligation)
        for unit_id, obligation in first_by_unit.items()
    )
    units = list(
        ProtectedUnit.objects.filter(pk__in=first_by_unit)
        .select_related("organisation")
        .prefetch_related("organisation__members")
        .order_by("code")
    )
    log(
        instance=evaluation_round,
        action="portal.evaluation.open",
        user=user,
        data={
            "day": day.isoformat(),
            "units": [u.code for u in units],
            "indicators": [[i["code"], i["weight"]] for i in snapshot],
        },
    )
    for unit in units:
        unit_notify(
            unit=unit,
            event=UnitEvent.EVALUATION_OPENED,
            about=unit,
            context={"unit": unit.name, "round": evaluation_round.title, "day": day.isoformat()},
        )
    return evaluation_round


def _scoring_or_refuse(evaluation: Evaluation) -> None:
    if evaluation.status != EvaluationStatus.SCORING:
        raise Refused([_("This evaluation has been concluded; its report is published.")])


@transaction.atomic
def evaluation_scorers_assign(
    *, evaluation: Evaluation, user: AbstractBaseUser, scorers: list[AbstractBaseUser]
) -> Evaluation:
    """Sets who scores an evaluation: reviewers of the bureau or experts.
    Scorers added are told; a scorer who has already scored cannot be
    removed. Returns the evaluation; logged with who was added and
    removed. Refused, changing nothing, otherwise."""
    require(user, BUREAU, _("Only the bureau's reviewers assign scorers."))
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("unit", "round")
        .get(pk=evaluation.pk)
    )
    _scoring_or_refuse(evaluation)
    wanted = {s.pk: s for s in scorers}
    problems = []
    if not wanted:
        problems.append(_("Choose at least one scorer."))
    allowed = set(eligible_scorers().filter(pk__in=wanted).values_list("pk", flat=True))
    for pk, scorer in wanted.items():
        if pk not in allowed:
            problems.append(
                _("%(user)s is neither a reviewer of the bureau nor an expert.")
                % {"user": scorer.get_username()}
            )
    current = {u.pk: u for u in evaluation.scorers.all()}
    scored = set(
        EvaluationScore.objects.filter(evaluation=evaluation).values_list("scorer_id", flat=True)
    )
    for pk in set(current) - set(wanted):
        if pk in scored:
            problems.append(
                _("%(user)s has already scored and cannot be removed.")
                % {"user": current[pk].get_username()}
            )
    if problems:
        raise Refused(problems)
    added = [wanted[pk] for pk in wanted if pk not in current]
    removed = [current[pk] for pk in current if pk not in wanted]
    evaluation.scorers.remove(*removed)
    evaluation.scorers.add(*added)
    log(
        instance=evaluation,
        action="portal.evaluation.assign",
        user=user,
        data={
            "added": sorted(u.get_username() for u in added),
            "removed": sorted(u.get_username() for u in removed),
        },
    )
    if added:
        notify(
            recipients=added,
            event=UnitEvent.SCORER_ASSIGNED,
            about=evaluation,
            context={"unit": evaluation.unit.name, "round": evaluation.round.title},
        )
    return evaluation


@transaction.atomic
def evaluation_score(
    *,
    evaluation: Evaluation,
    scorer: AbstractBaseUser,
    scores: dict[int, Decimal],
    comments: dict[int, str] | None = None,
) -> list[EvaluationScore]:
    """Records one assigned scorer's score (0–100, at most two decimals)
    and optional comment for every indicator of the round, once. Returns
    the scores; logged. Refused, writing nothing, for anyone not assigned,
    a second time, after the conclusion, or with a score missing or out of
    range (each named)."""
    comments = comments or {}
    # The evaluation row is the lock: a scorer's double submission, or the
    # conclusion, waits for this one.
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("round", "unit")
        .get(pk=evaluation.pk)
    )
    if scorer is None or not evaluation.scorers.filter(pk=scorer.pk).exists():
        raise Refused([_("You are not assigned to score this evaluation.")])
    _scoring_or_refuse(evaluation)
    if EvaluationScore.objects.filter(evaluation=evaluation, scorer=scorer).exists():
        raise Refused([_("You have already scored this evaluation.")])
    snapshot = evaluation.round.indicators
    indicators = Indicator.objects.in_bulk([i["id"] for i in snapshot])
    problems, rows = [], []
    for item in snapshot:
        indicator = indicators.get(item["id"])
        if indicator is None:
            problems.append(
                _("The indicator “%(indicator)s” no longer exists.") % {"indicator": item["name"]}
            )
            continue
        value = hundredths(scores.get(item["id"]))
        if value is None:
            problems.append(
                _("Score “%(indicator)s” from 0 to 100 (at most two decimals).")
                % {"indicator": item["name"]}
            )
            continue
        rows.append(
            EvaluationScore(
                evaluation=evaluation,
                indicator=indicator,
                scorer=scorer,
                score=value,
                comment=(comments.get(item["id"]) or "").strip(),
            )
        )
    if problems:
        raise Refused(problems)
    created = EvaluationScore.objects.bulk_create(rows)
    log(
        instance=evaluation,
        action="portal.evaluation.score",
        user=scorer,
        data={
            "scorer": scorer.get_username(),
            "scores": {r.indicator.code: str(r.score) for r in rows},
        },
    )
    return created


@transaction.atomic
def evaluation_conclude(
    *,
    evaluation: Evaluation,
    user: AbstractBaseUser,
    outcome: str,
    conclusion: str,
    rectification_items: list[str] = (),
    rectification_deadline: datetime.date | None = None,
    commended_by: str = Commender.BUREAU,
) -> Evaluation:
    """Concludes a unit's evaluation once every assigned scorer has scored:
    computes the weighted total (per indicator, the mean of the scorers ×
    weight / 100, summed, two decimals), records the outcome and the
    conclusion, marks the unit's evaluation obligation done, announces it
    (evaluation_concluded: the public site publishes the report, 第三十六条,
    and renders its PDF after the commit) and tells the unit's members. The
    outcome then takes its course (第三十八条): a commendation is announced
    with the report; an order to rectify is issued with
    ``rectification_items`` and ``rectification_deadline``; a normal
    outcome needs nothing more; a commendation records who commends
    (``commended_by``). The county government's contact is told the link.
    Returns the evaluation; logged. Raises Refused, writing nothing,
    otherwise."""
    require(user, BUREAU, _("Only the bureau's reviewers conclude evaluations."))
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("round", "unit__organisation", "obligation")
        .get(pk=evaluation.pk)
    )
    _scoring_or_refuse(evaluation)
    unit = evaluation.unit
    now = timezone.now()
    problems = evaluation_conclude_problems(
        evaluation=evaluation,
        outcome=outcome,
        conclusion=conclusion,
        rectification_items=rectification_items,
        rectification_deadline=rectification_deadline,
        commended_by=commended_by,
        today=timezone.localdate(now),
    )
    if problems:
        raise Refused(problems)

    table = evaluation_score_table(evaluation=evaluation)
    evaluation.total = table["total"]
    evaluation.outcome = outcome
    evaluation.conclusion = conclusion.strip()
    evaluation.commended_by = commended_by if outcome == EvaluationOutcome.COMMENDATION else ""
    evaluation.status = EvaluationStatus.PUBLISHED
    evaluation.decided_by = user
    evaluation.decided_at = now
    fields = ["total", "outcome", "conclusion", "commended_by", "status"]
    evaluation.save(update_fields=[*fields, "decided_by", "decided_at"])
    order = None
    if outcome == EvaluationOutcome.RECTIFICATION:
        # Issued first: the report names its items and deadline.
        order = rectification_order_issue(
            unit=unit,
            user=user,
            items=list(rectification_items),
            deadline=rectification_deadline,
            evaluation=evaluation,
        )
    obligations_done = _obligations_done(evaluation=evaluation, now=now)
    evaluation_concluded.send(sender=Evaluation, evaluation=evaluation, user=user)
    page = evaluation.report_page
    log(
        instance=evaluation,
        action="portal.evaluation.conclude",
        user=user,
        data={
            "unit": unit.code,
            "total": str(evaluation.total),
            "outcome": outcome,
            "page": page.pk if page else None,
            "obligations_done": obligations_done,
            "rectification_order": order.pk if order else None,
            "commended_by": evaluation.commended_by,
        },
    )
    if page is not None:
        county_government_report_notify(evaluation=evaluation, url=page_link(page))
    outcome_label = EvaluationOutcome(outcome).label
    unit_notify(
        unit=unit,
        event=UnitEvent.EVALUATION_CONCLUDED,
        about=evaluation,
        context={
            "unit": unit.name,
            "round": evaluation.round.title,
            "total": evaluation.total,
            "outcome": outcome_label,
            "conclusion": evaluation.conclusion,
            "url": page.url if page else "",
        },
    )
    return evaluation


def _obligations_done(*, evaluation: Evaluation, now: datetime.datetime) -> list[int]:
    """Marks done the evaluation obligation the round took in and any other
    open evaluation obligation of the unit the round covered (an overdue
    cycle evaluated together with the current one). Returns their ids."""
    horizon = evaluation.round.opened_on + datetime.timedelta(days=DUE_WITHIN_DAYS)
    covered = Obligation.objects.select_for_update().filter(
        Q(pk=evaluation.obligation_id)
        | Q(
            unit=evaluation.unit,
            kind=ObligationKind.EVALUATION,
            status=ObligationStatus.OPEN,
            due_date__lte=horizon,
        ),
        status__in=[ObligationStatus.OPEN, ObligationStatus.SUBMITTED],
    )
    ids = sorted(covered.values_list("pk", flat=True))
    Obligation.objects.filter(pk__in=ids).update(status=ObligationStatus.DONE, done_at=now)
    return ids
