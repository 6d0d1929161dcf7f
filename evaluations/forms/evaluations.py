"""Forms of the comprehensive evaluation's screens (第三十六条) in the
Wagtail admin: the indicators and their weights, opening a round, the
scorers, a scorer's scores and the conclusion."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminAutoHeightTextInput

from ..models import EvaluationRound, Indicator
from ..services.indicators import indicator_weights_problem
from .common import DATE_WIDGET, MAX_TEXT, decimal_or_none, lines


class IndicatorForm(WagtailAdminModelForm):
    """One indicator; saved only if the active weights still sum to 100
    with it (the whole set is rebalanced on the weights form)."""

    # A TextField, as Wagtail shows it, but no longer than a person writes.
    description = forms.CharField(
        label=capfirst(Indicator._meta.get_field("description").verbose_name),
        widget=AdminAutoHeightTextInput,
        max_length=MAX_TEXT,
        required=False,
    )

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight is not None and not (0 <= weight <= 100):
            raise ValidationError(_("Give a weight from 0 to 100."))
        return weight

    def clean(self):
        cleaned = super().clean()
        weight = cleaned.get("weight")
        if weight is None:
            return cleaned
        others = Indicator.objects.filter(active=True)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        weights = list(others.values_list("weight", flat=True))
        if cleaned.get("active"):
            weights.append(weight)
        problem = indicator_weights_problem(weights)
        if problem:
            raise ValidationError(
                problem
                + " "
                + _(
                    "To rebalance the set, change every weight at once with “Edit weights” on "
                    "the list of indicators (or add a new indicator as inactive first)."
                )
            )
        return cleaned


class IndicatorWeightsForm(forms.Form):
    """Every indicator's weight (``weight-<id>``) and whether it is active
    (``active-<id>``), set at once so that the set can be rebalanced. A
    weight that is not a number is passed on as None: the service names
    the indicator it belongs to."""

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"weight-{indicator.pk}"] = forms.CharField(required=False, max_length=32)
            self.fields[f"active-{indicator.pk}"] = forms.BooleanField(required=False)

    def weights(self) -> dict:
        """Returns {indicator id: (weight or None, active)}."""
        return {
            i.pk: (
                decimal_or_none(self.cleaned_data[f"weight-{i.pk}"]),
                self.cleaned_data[f"active-{i.pk}"],
            )
            for i in self.indicators
        }

    def typed(self) -> dict:
        """Returns {indicator id: (weight as typed, active)}."""
        return {
            i.pk: (self.data.get(f"weight-{i.pk}", ""), bool(self.data.get(f"active-{i.pk}")))
            for i in self.indicators
        }


class EvaluationRoundForm(WagtailAdminModelForm):
    class Meta:
        model = EvaluationRound
        fields = ["title", "opened_on"]
        widgets = {"opened_on": DATE_WIDGET}
        labels = {"opened_on": gettext_lazy("Opens on")}
        help_texts = {
            "opened_on": gettext_lazy(
                "The round takes in every unit whose comprehensive evaluation falls due within "
                "90 days of this day, or is overdue, and that is not delisted."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("opened_on", timezone.localdate())


class ScorersForm(forms.Form):
    scorers = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scorers"].queryset = eligible


class ConcludeForm(forms.Form):
    """The conclusion of an evaluation: the outcome, the text and, for an
    order to rectify, its items (one a line) and deadline."""

    outcome = forms.CharField(required=False, max_length=32)
    conclusion = forms.CharField(required=False, max_length=MAX_TEXT)
    items = forms.CharField(required=False, max_length=MAX_TEXT)
    # With a commendation: who commends (第三十八条); the service checks it.
    commended_by = forms.CharField(required=False, max_length=16)
    deadline = forms.DateField(
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": gettext_lazy("Give the deadline as YYYY-MM-DD.")},
    )

    def items_list(self) -> list[str]:
        return lines(self.cleaned_data["items"])


class EvaluationScoreForm(forms.Form):
    """A scorer's score (``score-<id>``) and comment (``comment-<id>``) for
    every indicator of the round. A score that is not a number is passed on
    as missing: the service names each indicator left without a score."""

    def __init__(self, *args, indicators: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for item in indicators:
            self.fields[f"score-{item['id']}"] = forms.CharField(required=False, max_length=32)
            self.fields[f"comment-{item['id']}"] = forms.CharField(
                required=False, max_length=MAX_TEXT
            )

    def scores(self) -> dict:
        return {
            item["id"]: value
            for item in self.indicators
            if (value := decimal_or_none(self.cleaned_data[f"score-{item['id']}"])) is not None
        }

    def comments(self) -> dict:
        return {item["id"]: self.cleaned_data[f"comment-{item['id']}"] for item in self.indicators}

    def typed(self) -> dict:
        return {
            item["id"]: (
                self.data.get(f"score-{item['id']}", ""),
                self.data.get(f"comment-{item['id']}", ""),
            )
            for item in self.indicators
        }
