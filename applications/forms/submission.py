"""Forms of submission: the declaration of truthfulness accepted, then the
submission confirmed (it cannot be edited afterwards). Plain HTML forms: no script needed."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DeclarationForm(forms.Form):
    """The check step's form: the declaration accepted (its version as
    shown), and on the confirmation page the submission confirmed."""

    declaration = forms.BooleanField(
        label=_("I have read the declaration of truthfulness and accept it"),
        error_messages={"required": _("Accept the declaration of truthfulness to submit.")},
    )
    version = forms.CharField(widget=forms.HiddenInput, max_length=16)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
