"""Reads of the units app, by entity, re-exported here."""

from .evaluations import (
    DUE_WITHIN_DAYS,
    eligible_scorers,
    evaluation_score_table,
    number_plain,
    units_due,
)
from .filings import (
    acceptance_opening,
    assessment_report_public,
    assessments_open_for_comment,
    filings_awaiting_bureau,
    filings_bureau_reads,
    plan_in_force,
    plan_shown,
)
from .units import (
    obligation_path,
    unit_governments,
    unit_history,
    unit_list_public,
    unit_timeline,
    unit_verification,
    units_for_user,
)

__all__ = [
    "DUE_WITHIN_DAYS",
    "acceptance_opening",
    "assessment_report_public",
    "assessments_open_for_comment",
    "eligible_scorers",
    "evaluation_score_table",
    "filings_awaiting_bureau",
    "filings_bureau_reads",
    "number_plain",
    "obligation_path",
    "plan_in_force",
    "plan_shown",
    "unit_governments",
    "unit_history",
    "unit_list_public",
    "unit_timeline",
    "unit_verification",
    "units_due",
    "units_for_user",
]
