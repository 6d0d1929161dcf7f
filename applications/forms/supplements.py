"""Forms of the applicant's page after a supplement request (补正): more
time asked for, and a returned application withdrawn."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .publicity import MAX_TEXT
from .review import MAX_EXTENSION_DAYS


class ExtensionRequestForm(forms.Form):
    working_days = forms.IntegerField(
        label=_("More working days asked for"), min_value=1, max_value=MAX_EXTENSION_DAYS
    )
    reason = forms.CharField(
        label=_("Why you need more time"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    """A withdrawal: its reason, then, on the confirmation page, confirmed."""

    reason = forms.CharField(
        label=_("Why you withdraw the application"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
