"""Reads of the units app, by entity, re-exported here."""

from .evaluations import (
    DUE_WITHIN_DAYS,
    eligible_scorers,
    evaluation_score_table,
    number_plain,
    units_due,
)
from .filings import (
    assessment_report_public,
    assessments_open_for_comment,
    filings_awaiting_bureau,
    filings_bureau_reads,
    plan_in_force,
)
from .units import (
    unit_history,
    unit_list_public,
    unit_timeline,
    unit_verification,
    units_for_user,
)

__all__ = [
    "DUE_WITHIN_DAYS",
    "assessment_report_public",
    "assessments_open_for_comment",
    "eligible_scorers",
    "evaluation_score_table",
    "filings_awaiting_bureau",
    "filings_bureau_reads",
    "number_plain",
    "plan_in_force",
    "unit_history",
    "unit_list_public",
    "unit_timeline",
    "unit_verification",
    "units_due",
    "units_for_user",
]
