"""Reads of comprehensive evaluations (第三十六条): the units a round
takes in, who may score, and the score table of an evaluation."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from applications.roles import SCORE_EVALUATIONS, users_who_may

from ..models import (
    Evaluation,
    EvaluationScore,
    EvaluationStatus,
    Obligation,
    ObligationKind,
    ObligationStatus,
    UnitStatus,
)

WEIGHT_TOTAL = Decimal("100")
CENT = Decimal("0.01")

# A round takes in every unit whose evaluation falls due within this many
# days of the day it opens (and every unit already overdue).
DUE_WITHIN_DAYS = 90


def eligible_scorers():
    """Returns the accounts that may score evaluations (the bureau's
    reviewers and the experts), active, by username."""
    return users_who_may(SCORE_EVALUATIONS).order_by("username")


def units_due(*, day: datetime.date):
    """Returns the open evaluation obligations a round opened on ``day``
    takes in: due within DUE_WITHIN_DAYS of it or overdue, of units not
    delisted and not being evaluated in another round, and not yet part of
    an evaluation; earliest first."""
    return (
        Obligation.objects.filter(
            kind=ObligationKind.EVALUATION,
            status=ObligationStatus.OPEN,
            due_date__lte=day + datetime.timedelta(days=DUE_WITHIN_DAYS),
        )
        .exclude(unit__status=UnitStatus.DELISTED)
        .exclude(pk__in=Evaluation.objects.filter(obligation__isnull=False).values("obligation"))
        .exclude(unit__in=Evaluation.objects.filter(status=EvaluationStatus.SCORING).values("unit"))
        .order_by("due_date", "pk")
    )


def number_plain(value: Decimal) -> str:
    """Returns a Decimal to two places without trailing zeros: 20.00 → 20,
    12.50 → 12.5."""
    text = f"{value.quantize(CENT):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def evaluation_score_table(*, evaluation: Evaluation) -> dict:
    """Returns the evaluation's scores as the report prints them: for each
    indicator of the round, its weight, the mean of the scorers' scores
    and that mean × weight / 100 (both to two decimals); the weighted
    total, rounded half up to two decimals from the exact sum (None until
    every indicator has a score); and the scorers who have scored."""
    snapshot = evaluation.round.indicators
    by_indicator: dict[int, list[Decimal]] = {}
    scorers = set()
    for indicator_id, scorer_id, score in EvaluationScore.objects.filter(
        evaluation=evaluation
    ).values_list("indicator_id", "scorer_id", "score"):
        by_indicator.setdefault(indicator_id, []).append(score)
        scorers.add(scorer_id)
    rows, exact_total, complete = [], Decimal("0"), bool(snapshot)
    for item in snapshot:
        weight = Decimal(item["weight"])
        values = by_indicator.get(item["id"], [])
        if values:
            mean = sum(values, Decimal("0")) / len(values)
            weighted = mean * weight / WEIGHT_TOTAL
            exact_total += weighted
        else:
            mean = weighted = None
            complete = False
        rows.append(
            {
                "id": item["id"],
                "code": item["code"],
                "name": item["name"],
                "weight": weight,
                "mean": mean.quantize(CENT, ROUND_HALF_UP) if mean is not None else None,
                "weighted": weighted.quantize(CENT, ROUND_HALF_UP)
                if weighted is not None
                else None,
                "count": len(values),
            }
        )
    return {
        "rows": rows,
        "total": exact_total.quantize(CENT, ROUND_HALF_UP) if complete else None,
        "scorer_ids": scorers,
    }
