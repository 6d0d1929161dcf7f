"""Forms of the publicity step: the public's objection and its follow-up,
and the bureau's decision on an objection."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.core.spamguard import GuardedForm

from ..models import Objection

# The objection's fields, at most as long as their columns.
_NAME = Objection._meta.get_field("objector_name").max_length
_PHONE = Objection._meta.get_field("phone").max_length
_EMAIL = Objection._meta.get_field("email").max_length
MAX_TEXT = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files under one name (``request.FILES.getlist``)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


class ObjectionForm(GuardedForm):
    """An objection from the public (异议). The form refuses what no person
    types (too long, a NUL byte, a candidate not on the list); whether the
    window is open and the contact and the grounds suffice is judged by
    services.objections.objection_submit, in its words."""

    candidate = forms.TypedChoiceField(
        label=_("Candidate objected to"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose the candidate you object to.")},
    )
    name = forms.CharField(
        label=_("Real name or organisation"),
        max_length=_NAME,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=_PHONE,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=_EMAIL,
        required=False,
        error_messages={"invalid": _("The email address is not valid.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    grounds = forms.CharField(
        label=_("Grounds of the objection"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        required=False,
    )
    files = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
        help_text=_("PDF, JPEG, PNG, DOCX or XLSX; at most 5 files."),
    )
    pending = forms.CharField(required=False, widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", "——")] + [
            (c["id"], f"{c['name']}（{c['category']}）") for c in candidates
        ]


class FollowForm(forms.Form):
    """The receipt code of an objection, to follow its handling."""

    code = forms.CharField(label=_("Receipt code"), max_length=32)


class ObjectionDecisionForm(forms.Form):
    """The bureau's step on an objection: start examining it, or decide it
    with a written reason."""

    EXAMINE, UPHOLD, DISMISS = "examine", "uphold", "dismiss"
    action = forms.ChoiceField(
        choices=[(EXAMINE, _("Start examining")), (UPHOLD, _("Uphold")), (DISMISS, _("Dismiss"))]
    )
    reason = forms.CharField(required=False, max_length=MAX_TEXT)
