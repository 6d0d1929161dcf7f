"""Application models, split by concern and re-exported here."""

from .divisions import County, Township
from .numbering import ReceiptCounter
from .organisations import Organisation
from .rules import RuleSet

__all__ = ["County", "Organisation", "ReceiptCounter", "RuleSet", "Township"]
