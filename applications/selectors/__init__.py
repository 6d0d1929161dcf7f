"""Reads of the applications app, by concern, re-exported here."""

from .claims import claim_problem, claims_for_user, licence_may_read
from .involvements import (
    application_accounts,
    bureau_county_id,
    county_bureau_accounts,
    involved_bureau_accounts,
    involvements_for_user,
)
from .publicity import objection_by_receipt, publicity_candidates, publicity_status
from .review import (
    application_may_read,
    application_path,
    application_turn,
    applications_for_user,
    criteria_for,
    panel_summary,
)
from .rules import (
    NoMeasuresInForce,
    rules_first_effective,
    rules_in_force,
    rules_index,
    rules_newest,
    rules_on,
    rules_warnings,
)

__all__ = [
    "NoMeasuresInForce",
    "application_accounts",
    "application_may_read",
    "application_path",
    "application_turn",
    "applications_for_user",
    "bureau_county_id",
    "claim_problem",
    "claims_for_user",
    "county_bureau_accounts",
    "criteria_for",
    "involved_bureau_accounts",
    "involvements_for_user",
    "licence_may_read",
    "objection_by_receipt",
    "panel_summary",
    "publicity_candidates",
    "publicity_status",
    "rules_first_effective",
    "rules_in_force",
    "rules_index",
    "rules_newest",
    "rules_on",
    "rules_warnings",
]
