"""Forms of the reviewers' page: each record of the review and each
declared transition, one form per action (the hidden ``action`` field of
every form on the page names it). Each form records itself through its
service, which enforces what the workflow allows."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..materials import slots_for
from ..models import ExtensionStatus, FieldInspection, Hearing, SupplementExtension
from ..roles import EXPERT_REVIEW, users_who_may
from ..services.experts import expert_assign
from ..services.review import (
    hearing_record,
    inspection_record,
    relaxation_decide,
    supplement_request,
)
from ..services.supplements import supplement_extension_decide, supplement_reopen
from ..services.transitions import application_transition
from ..workflow import Record
from .publicity import MAX_TEXT, MultipleFileField, MultipleFileInput

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Give the date as YYYY-MM-DD.")}


class RecordForm(forms.Form):
    """A record or transition of the review page."""

    def __init__(self, *args, application, **kwargs):
        self.application = application
        super().__init__(*args, **kwargs)

    def record(self, *, user):
        raise NotImplementedError


class InspectionForm(RecordForm):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    inspectors = forms.CharField(
        label=_("Inspectors"),
        max_length=FieldInspection._meta.get_field("inspectors").max_length,
    )
    findings = forms.CharField(
        label=_("Findings"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(
        label=_("Photographs (JPEG or PNG)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}),
    )

    def record(self, *, user):
        return inspection_record(
            application=self.application,
            user=user,
            inspected_on=self.cleaned_data["date"],
            inspectors=self.cleaned_data["inspectors"],
            findings=self.cleaned_data["findings"],
            photos=self.cleaned_data["photos"],
        )


class HearingForm(RecordForm):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    heard = forms.CharField(
        label=_("Whose opinions"), max_length=Hearing._meta.get_field("heard").max_length
    )
    summary = forms.CharField(
        label=_("Summary"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def record(self, *, user):
        return hearing_record(
            application=self.application,
            user=user,
            held_on=self.cleaned_data["date"],
            heard=self.cleaned_data["heard"],
            summary=self.cleaned_data["summary"],
        )


class ExpertAssignForm(RecordForm):
    expert = forms.ModelChoiceField(queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = users_who_may(EXPERT_REVIEW)

    def record(self, *, user):
        return expert_assign(
            application=self.application, user=user, expert=self.cleaned_data["expert"]
        )


class RelaxationForm(RecordForm):
    granted = forms.TypedChoiceField(
        choices=[("1", _("Grant")), ("0", _("Refuse"))], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(required=False, max_length=MAX_TEXT)

    def record(self, *, user):
        return relaxation_decide(
            application=self.application,
            user=user,
            granted=self.cleaned_data["granted"],
            reason=self.cleaned_data["reason"],
        )


class SupplementForm(RecordForm):
    """What must be added (materials, each with a note) and the message."""

    slots = forms.MultipleChoiceField(
        label=_("What must be added"), required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slots = [slot for slot, _required in slots_for(self.application)]
        self.fields["slots"].choices = [(s.code, s.label) for s in slots]
        for slot in slots:
            self.fields[f"note-{slot.code}"] = forms.CharField(
                label=_("What is wrong with %(material)s") % {"material": slot.label},
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"placeholder": _("What is missing or wrong")}),
            )
        # The message last, after what must be added.
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def record(self, *, user):
        return supplement_request(
            application=self.application,
            user=user,
            items=[
                {"slot": code, "note": self.cleaned_data[f"note-{code}"]}
                for code in self.cleaned_data["slots"]
            ],
            message=self.cleaned_data["reason"],
        )


class SupplementReopenForm(SupplementForm):
    """A returned application reopened with a new supplement deadline: what
    to add (the last request's when none is ticked) and the message."""

    def record(self, *, user):
        return supplement_reopen(
            application=self.application,
            user=user,
            items=[
                {"slot": code, "note": self.cleaned_data[f"note-{code}"]}
                for code in self.cleaned_data["slots"]
            ],
            message=self.cleaned_data["reason"],
        )


# More working days than a form takes at once (an input bound, not a rule).
MAX_EXTENSION_DAYS = 365


class ExtensionDecisionForm(RecordForm):
    """Grant (with the working days given, those asked for unless told) or
    refuse (with a reason) a pending request for more time."""

    extension = forms.ModelChoiceField(queryset=SupplementExtension.objects.none())
    granted = forms.TypedChoiceField(
        choices=[("1", _("Grant")), ("0", _("Refuse"))], coerce=lambda v: v == "1"
    )
    working_days = forms.IntegerField(required=False, min_value=1, max_value=MAX_EXTENSION_DAYS)
    reason = forms.CharField(required=False, max_length=MAX_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["extension"].queryset = SupplementExtension.objects.filter(
            supplement__application=self.application, status=ExtensionStatus.PENDING
        )

    def record(self, *, user):
        return supplement_extension_decide(
            extension=self.cleaned_data["extension"],
            user=user,
            granted=self.cleaned_data["granted"],
            reason=self.cleaned_data["reason"],
            working_days=self.cleaned_data["working_days"],
        )


class TransitionForm(RecordForm):
    """A declared transition with, where it needs one, its reason."""

    reason = forms.CharField(required=False, max_length=MAX_TEXT)

    def __init__(self, *args, action: str, **kwargs):
        self.action = action
        super().__init__(*args, **kwargs)

    def record(self, *, user):
        return application_transition(
            application=self.application,
            action=self.action,
            user=user,
            reason=self.cleaned_data["reason"],
        )


# The form of each record of the review page, by its action.
RECORD_FORMS = {
    Record.INSPECTION: InspectionForm,
    Record.HEARING: HearingForm,
    Record.EXPERTS: ExpertAssignForm,
    Record.RELAXATION: RelaxationForm,
    Record.SUPPLEMENT: SupplementForm,
    Record.EXTENSION_DECIDE: ExtensionDecisionForm,
    # A transition with its own form, as request_supplement.
    "reopen_supplement": SupplementReopenForm,
}


class ActionForm(forms.Form):
    """Which action a form of the review page takes."""

    action = forms.CharField(max_length=64)
