"""What stops an evaluation from being concluded (第三十六条, 第三十八条),
read before anything is written: by evaluation_conclude, and by the
conclusion screen before it asks to confirm what cannot be undone."""

import datetime

from django.utils.translation import gettext as _

from ..models import Commender, Evaluation, EvaluationOutcome, EvaluationStatus, UnitStatus
from ..selectors import evaluation_score_table
from .rectification import rectification_problems


def evaluation_conclude_problems(
    *,
    evaluation: Evaluation,
    outcome: str,
    conclusion: str,
    rectification_items=(),
    rectification_deadline: datetime.date | None = None,
    commended_by: str = Commender.BUREAU,
    today: datetime.date,
) -> list[str]:
    """Returns why ``evaluation`` cannot be concluded on ``today`` with
    this outcome and conclusion (each reason in words), or an empty list:
    already concluded, a delisted unit, no outcome or conclusion, a scorer
    who has not scored, no commender for a commendation, no items or
    deadline for an order to rectify."""
    if evaluation.status != EvaluationStatus.SCORING:
        return [_("This evaluation has been concluded; its report is published.")]
    unit = evaluation.unit
    problems = []
    if unit.status == UnitStatus.DELISTED:
        problems.append(
            _("%(unit)s was delisted on %(date)s.")
            % {"unit": unit.name, "date": unit.delisted_on.isoformat() if unit.delisted_on else ""}
        )
    if outcome not in EvaluationOutcome.values:
        problems.append(_("Choose the outcome of the evaluation."))
    if not conclusion.strip():
        problems.append(_("Write the conclusion of the evaluation."))
    scorers = list(evaluation.scorers.order_by("username"))
    table = evaluation_score_table(evaluation=evaluation)
    if not scorers:
        problems.append(_("Assign at least one scorer."))
    missing = [s.get_username() for s in scorers if s.pk not in table["scorer_ids"]]
    if missing:
        problems.append(
            _("Not every scorer has scored yet: %(names)s.") % {"names": "、".join(missing)}
        )
    if outcome == EvaluationOutcome.COMMENDATION and commended_by not in Commender.values:
        problems.append(_("Say who commends the unit."))
    if outcome == EvaluationOutcome.RECTIFICATION:
        problems += rectification_problems(
            items=rectification_items, deadline=rectification_deadline, today=today
        )
    return problems
