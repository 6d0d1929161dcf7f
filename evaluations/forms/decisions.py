"""Forms of the bureau's decisions in the Wagtail admin: its answer to
what a unit filed, its order to rectify and its verdict on the
rectification."""

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import (
    Evaluation,
    EvaluationStatus,
    ProtectedUnit,
    RectificationOrder,
    UnitStatus,
)
from .common import DATE_WIDGET, MAX_TEXT


class DecisionForm(forms.Form):
    """The bureau's yes or no on a filing, or its verdict on a
    rectification, with the written note or reason."""

    decision = forms.CharField(required=False, max_length=16)
    action = forms.CharField(required=False, max_length=16)
    reason = forms.CharField(
        label=gettext_lazy("Note (required to return or refuse; sent to the unit)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FilingDecisionForm(DecisionForm):
    """The bureau's yes or no on what a unit filed: one of the two buttons,
    nothing else (an odd value must not count as "no" and return a plan)."""

    YES, NO = "yes", "no"
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[(YES, gettext_lazy("Yes")), (NO, gettext_lazy("No"))],
        error_messages={"required": gettext_lazy("Choose one of the two decisions.")},
    )


class RectificationOrderForm(WagtailAdminModelForm):
    # The items are kept as a JSON list: one a line here.
    items_text = forms.CharField(
        label=gettext_lazy("Things to rectify"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("One per line."),
        max_length=MAX_TEXT,
    )

    class Meta:
        model = RectificationOrder
        fields = ["unit", "evaluation", "deadline"]
        widgets = {"deadline": DATE_WIDGET}
        labels = {
            "unit": gettext_lazy("Unit"),
            "evaluation": gettext_lazy("After the evaluation (optional)"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = ProtectedUnit.objects.exclude(
            status=UnitStatus.DELISTED
        ).order_by("code")
        self.fields["evaluation"].queryset = Evaluation.objects.filter(
            status=EvaluationStatus.PUBLISHED
        ).select_related("round", "unit")
        self.fields["evaluation"].required = False
