"""Forms of the unit's own pages (/units/): the master plan, the year's
self-assessment with its exhibition events and the button pressed, and
the application for acceptance."""

from django import forms
from django.utils.translation import gettext_lazy

from applications.forms.reserves import VILLAGE_SEPARATORS
from applications.models import Township

from .common import DATE_WIDGET, MAX_TEXT


class PlanForm(forms.Form):
    document = forms.FileField(label=gettext_lazy("Plan document"))
    starts_on = forms.DateField(label=gettext_lazy("Term starts on"), widget=DATE_WIDGET)
    term_years = forms.IntegerField(label=gettext_lazy("Term (years)"), min_value=1, max_value=50)
    near_term_years = forms.IntegerField(label=gettext_lazy("Near term (years)"), min_value=1)
    mid_term_years = forms.IntegerField(
        label=gettext_lazy("Mid term (years)"), min_value=1, required=False
    )
    long_term_years = forms.IntegerField(
        label=gettext_lazy("Long term (years)"), min_value=1, required=False
    )
    term_reason = forms.CharField(
        label=gettext_lazy("Reason for a term or near term other than the measures' general one"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
    )
    core = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Core area"),
        queryset=Township.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    dissemination = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Dissemination area"),
        queryset=Township.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        # Townships of any of the unit's counties, each with its villages.
        counties = [unit.county_id, *unit.counties.values_list("pk", flat=True)]
        townships = (
            Township.objects.filter(county__in=counties)
            .select_related("county")
            .order_by("county", "name")
        )
        self.fields["core"].queryset = townships
        self.fields["dissemination"].queryset = townships
        self.village_fields = []
        for township in townships:
            name = f"villages_{township.pk}"
            self.fields[name] = forms.CharField(
                label=gettext_lazy("Villages and communities of %(township)s")
                % {"township": str(township)},
                max_length=2000,
                required=False,
            )
            self.village_fields.append(name)

    def plan_structure(self) -> dict:
        """Returns the keyword arguments of the plan's document and structure,
        as plan_submit and plan_change_request both take them; call once
        is_valid() is true."""
        data = self.cleaned_data
        return {
            "upload": data["document"],
            "starts_on": data["starts_on"],
            "term_years": data["term_years"],
            "phases": (data["near_term_years"], data["mid_term_years"], data["long_term_years"]),
            "term_reason": data["term_reason"],
            "core": list(data["core"]),
            "dissemination": list(data["dissemination"]),
            "villages": self.villages(),
        }

    def village_boundfields(self) -> list:
        return [self[name] for name in self.village_fields]

    def villages(self) -> dict:
        """Returns {township pk: [names]} of the chosen townships; call once
        is_valid() is true."""
        chosen = [*self.cleaned_data["core"], *self.cleaned_data["dissemination"]]
        result = {}
        for township in chosen:
            text = self.cleaned_data.get(f"villages_{township.pk}") or ""
            names = [n.strip() for n in VILLAGE_SEPARATORS.split(text) if n.strip()]
            if names:
                result[str(township.pk)] = names
        return result


class AssessmentForm(forms.Form):
    # The key work is a JSON list and the summary a TextField: neither
    # column has a length, MAX_TEXT is what a person writes.
    key_work = forms.CharField(
        label=gettext_lazy("Key work (one item per line)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
        required=False,
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary of the report"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        required=False,
    )
    report = forms.FileField(label=gettext_lazy("Self-assessment report"), required=False)
    personal_data_removed = forms.BooleanField(
        label=gettext_lazy(
            "Personal data (names, ID numbers, telephones, addresses of private persons) is "
            "removed from the report, which may be published with the draft for public comment"
        ),
        required=False,
    )


class EventForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Exhibition event"), max_length=128, required=False)
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET, required=False)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=128, required=False)


EventFormSet = forms.formset_factory(EventForm, extra=2, max_num=20)


class AssessmentActionForm(forms.Form):
    """Which button of the self-assessment page was pressed. None (the
    Enter key in a field) saves the draft; anything else is refused."""

    SAVE, COMMENT, SUBMIT = "save", "comment", "submit"
    action = forms.ChoiceField(
        choices=[(SAVE, SAVE), (COMMENT, COMMENT), (SUBMIT, SUBMIT)],
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the page's buttons.")},
    )

    def chosen(self) -> str:
        """Returns the button pressed; call once is_valid() is true."""
        return self.cleaned_data["action"] or self.SAVE


class AcceptanceForm(forms.Form):
    report = forms.FileField(label=gettext_lazy("Acceptance report"))


class PlanChangeForm(PlanForm):
    """A change of the filed plan (第三十七条): the reason, the evidence of
    the residents' consultation, the county government's consent, and the
    new plan with its structure."""

    field_order = ["reason", "consultation", "consent", "document"]

    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_TEXT,
    )
    consultation = forms.FileField(label=gettext_lazy("Evidence of the residents' consultation"))
    consent = forms.FileField(label=gettext_lazy("The county government's consent"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].label = gettext_lazy("The changed plan")
        self.order_fields(self.field_order)


class RectificationReportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What was done to rectify each item"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
    )
    report = forms.FileField(label=gettext_lazy("Rectification report document"), required=False)
