"""Forms of an expert's review: the declaration on conflicts of interest,
then the scores and the written opinion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .publicity import MAX_TEXT


class DeclarationForm(forms.Form):
    NONE, CONFLICT = "none", "conflict"
    declare = forms.ChoiceField(choices=[(NONE, NONE), (CONFLICT, CONFLICT)])
    note = forms.CharField(required=False, max_length=MAX_TEXT)


class ScoresForm(forms.Form):
    """A score for every criterion (``score-<id>``) and the opinion. A score
    missing or out of range is left to the service, which names each."""

    opinion = forms.CharField(required=False, max_length=MAX_TEXT)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score-{criterion.pk}"] = forms.DecimalField(
                required=False,
                max_digits=6,
                decimal_places=2,
                label=criterion.label,
                error_messages={
                    "invalid": _("Score “%(criterion)s” from 0 to %(max)d.")
                    % {"criterion": criterion.label, "max": criterion.max_score}
                },
            )

    def scores(self) -> dict:
        """Returns {criterion id: score} of the scores given."""
        return {
            c.pk: self.cleaned_data[f"score-{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"score-{c.pk}") is not None
        }
