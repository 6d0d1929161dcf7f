"""Forms of the units app, by screen: the public's comment, the unit's own
pages, the bureau's decisions, the evaluation's screens and the screens
that establish units. Every POST of the app is parsed by one of them."""

from .common import DATE_WIDGET, MAX_TEXT, decimal_or_none, lines
from .decisions import DecisionForm, FilingDecisionForm, RectificationOrderForm
from .establishment import ApprovalForm, ImportConfirmForm, ImportUploadForm, RefusalForm
from .evaluations import (
    ConcludeForm,
    EvaluationRoundForm,
    EvaluationScoreForm,
    IndicatorForm,
    IndicatorWeightsForm,
    ScorersForm,
)
from .public import CommentForm
from .units import (
    AcceptanceForm,
    AssessmentActionForm,
    AssessmentForm,
    EventForm,
    EventFormSet,
    PlanChangeForm,
    PlanForm,
    RectificationReportForm,
)

__all__ = [
    "DATE_WIDGET",
    "MAX_TEXT",
    "AcceptanceForm",
    "ApprovalForm",
    "AssessmentActionForm",
    "AssessmentForm",
    "CommentForm",
    "ConcludeForm",
    "DecisionForm",
    "EvaluationRoundForm",
    "EvaluationScoreForm",
    "EventForm",
    "EventFormSet",
    "FilingDecisionForm",
    "ImportConfirmForm",
    "ImportUploadForm",
    "IndicatorForm",
    "IndicatorWeightsForm",
    "PlanChangeForm",
    "PlanForm",
    "RectificationOrderForm",
    "RectificationReportForm",
    "RefusalForm",
    "ScorersForm",
    "decimal_or_none",
    "lines",
]
