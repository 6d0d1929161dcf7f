"""Forms of the bureau's screens that establish units: recording the
municipal government's approval (第十二条), and importing the units
approved before the portal (第三十九–四十条)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.forms.publicity import MAX_TEXT
from applications.models import Application, CandidateList, GovernmentRefusal
from applications.workflow import State

from ..import_table import MAX_BYTES, ImportFileError, xlsx_check
from ..models import Approval
from .common import DATE_WIDGET


def _candidates_of(field: forms.ModelMultipleChoiceField, candidate_list: CandidateList) -> None:
    """Offers ``field`` the candidates of the list awaiting the decision."""
    queryset = candidate_list.applications.filter(status=State.CANDIDATE).select_related(
        "organisation__county"
    )
    field.queryset = queryset
    field.choices = [(a.pk, f"{a.receipt_number} · {a.organisation.name}") for a in queryset]


class ApprovalForm(forms.Form):
    document_number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=Approval._meta.get_field("document_number").max_length,
    )
    approved_on = forms.DateField(label=gettext_lazy("Date of the approval"), widget=DATE_WIDGET)
    scan = forms.FileField(label=gettext_lazy("Scan of the approval"))
    applications = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Candidates approved"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    # The approval's file cannot be carried to a second page: the
    # confirmation of what cannot be undone is ticked on the form itself.
    confirmed = forms.BooleanField(
        label=gettext_lazy(
            "I confirm: the units ticked are established and published in the directory; "
            "an approval on record cannot be withdrawn."
        ),
        error_messages={"required": gettext_lazy("Tick the confirmation to record the approval.")},
    )

    def __init__(self, *args, candidate_list: CandidateList, **kwargs):
        super().__init__(*args, **kwargs)
        _candidates_of(self.fields["applications"], candidate_list)


class RefusalForm(forms.Form):
    """The municipal government's refusal of candidates: its document,
    date, reason and, optionally, the scan of it; confirmed by a tick on
    the form, as the approval is (a file cannot be carried to a second
    page)."""

    document_number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=GovernmentRefusal._meta.get_field("document_number").max_length,
    )
    refused_on = forms.DateField(label=gettext_lazy("Date of the refusal"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=gettext_lazy("Reason given by the municipal government"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    applications = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Candidates not approved"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    scan = forms.FileField(
        label=gettext_lazy("Scan of the refusal (optional)"),
        help_text=gettext_lazy("A PDF or an image (JPEG or PNG)."),
        required=False,
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy(
            "I confirm: the candidates ticked are rejected and their procedure ends; "
            "a refusal on record cannot be withdrawn."
        ),
        error_messages={"required": gettext_lazy("Tick the confirmation to record the refusal.")},
    )

    def __init__(self, *args, candidate_list: CandidateList, **kwargs):
        super().__init__(*args, **kwargs)
        _candidates_of(self.fields["applications"], candidate_list)


class ImportUploadForm(forms.Form):
    """The table of units to import and the mode; the preview follows."""

    file = forms.FileField(
        label=gettext_lazy("Table of units (CSV or XLSX)"),
        help_text=gettext_lazy("At most 5 MB and 2,000 rows; the first row holds the headers."),
    )
    all_or_nothing = forms.BooleanField(
        label=gettext_lazy("All or nothing"),
        required=False,
        initial=True,
        help_text=gettext_lazy(
            "If any row has a problem, import nothing. Uncheck to import the good rows and "
            "leave the others."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
                code="import_size",
            )
        upload.seek(0)
        if upload.read(4) == b"PK\x03\x04":
            # A few kilobytes may unpack to a sheet of millions of cells:
            # refused here, from the zip's directory and a count of the
            # cells, before anything parses it.
            try:
                xlsx_check(upload)
            except ImportFileError as problem:
                raise forms.ValidationError(str(problem), code="import_file") from problem
            finally:
                upload.seek(0)
        upload.seek(0)
        return upload


class ImportConfirmForm(forms.Form):
    """The confirmation of a preview: the signed token naming the file kept
    since the preview (views/imports.py). Whether it is genuine and fresh
    is for signing to say."""

    # A token signs the file's name (at most 255 characters, up to twelve
    # each once escaped in JSON) besides a path and a digest: well under
    # this, and anything longer is no token of ours.
    token = forms.CharField(max_length=8192)
