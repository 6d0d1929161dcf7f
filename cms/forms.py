"""Forms of the public site's staff screens: publishing a candidate list's
publicity notice."""

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.rich_text import get_rich_text_editor_widget

from applications.models import CandidateList

from .models import PublicityPage

MAX_TEXT = 20_000


class PublishForm(forms.Form):
    """The publicity notice of a candidate list, as the bureau writes it."""

    title = forms.CharField(
        label=gettext_lazy("Title of the notice"),
        max_length=PublicityPage._meta.get_field("title").max_length,
    )
    document_number = forms.CharField(
        label=gettext_lazy("Document number"),
        max_length=CandidateList._meta.get_field("document_number").max_length,
        required=False,
    )
    published_on = forms.DateField(
        label=gettext_lazy("Publication date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "The window is computed from this date on the working-day calendar."
        ),
    )
    body = forms.CharField(
        label=gettext_lazy("Notice text"), widget=get_rich_text_editor_widget(), max_length=MAX_TEXT
    )
    contact = forms.CharField(
        label=gettext_lazy("How to object and whom to contact"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
    )
