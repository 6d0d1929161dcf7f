"""Forms of the units app: the public's comment on a self-assessment, the
bureau's screens (weights, scorers, scores, conclusions, decisions) and
the unit's own pages. Every POST of the app is parsed by one of them."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy

from portal.core.spamguard import GuardedForm

from .models import PublicComment

MAX_TEXT = 5000


class CommentForm(GuardedForm):
    """A comment from the public on a self-assessment under comment. The
    form refuses what no person types (too long, a NUL byte); whether the
    name, the contact and the text suffice is judged by the service."""

    name = forms.CharField(
        label=gettext_lazy("Real name or organisation"),
        max_length=PublicComment._meta.get_field("name").max_length,
        required=False,
    )
    phone = forms.CharField(
        label=gettext_lazy("Telephone"),
        max_length=PublicComment._meta.get_field("phone").max_length,
        required=False,
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        max_length=PublicComment._meta.get_field("email").max_length,
        required=False,
        error_messages={"invalid": gettext_lazy("The email address is not valid.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        required=False,
    )


# The bureau's screens.

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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
                _decimal(self.cleaned_data[f"weight-{i.pk}"]),
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


def _decimal(value: str):
    try:
        return Decimal(value.strip())
    except (InvalidOperation, AttributeError):
        return None


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
    deadline = forms.DateField(
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": gettext_lazy("Give the deadline as YYYY-MM-DD.")},
    )

    def items_list(self) -> list[str]:
        return lines(self.cleaned_data["items"])


def lines(text: str) -> list[str]:
    """Returns the non-blank lines of ``text``, stripped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


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
            if (value := _decimal(self.cleaned_data[f"score-{item['id']}"])) is not None
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


class DecisionForm(forms.Form):
    """The bureau's yes or no on a filing, or its verdict on a
    rectification, with the written note or reason."""

    decision = forms.CharField(required=False, max_length=16)
    action = forms.CharField(required=False, max_length=16)
    note = forms.CharField(required=False, max_length=MAX_TEXT)
    reason = forms.CharField(required=False, max_length=MAX_TEXT)


# The unit's own pages.


class AssessmentActionForm(forms.Form):
    """Which button of the self-assessment page was pressed."""

    SAVE, COMMENT, SUBMIT = "save", "comment", "submit"
    action = forms.ChoiceField(
        choices=[(SAVE, SAVE), (COMMENT, COMMENT), (SUBMIT, SUBMIT)], required=False
    )

    def chosen(self) -> str:
        return (self.cleaned_data.get("action") if self.is_valid() else "") or self.SAVE
