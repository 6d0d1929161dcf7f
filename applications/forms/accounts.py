"""Forms of applicants' accounts."""

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext_lazy as _

from ..models import County, Organisation, Township
from ..uscc import uscc_normalise, validate_uscc

PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")


class RegistrationForm(forms.Form):
    """A new applicant account and the organisation it acts for."""

    username = UsernameField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=24)
    organisation_name = forms.CharField(label=_("Organisation name"), max_length=128)
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all())
    township = forms.ModelChoiceField(
        label=_("Township"), queryset=Township.objects.select_related("county")
    )
    address = forms.CharField(label=_("Address"), max_length=255)
    contact_name = forms.CharField(label=_("Contact person"), max_length=64)
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=32)

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken; please choose another."))
        return username

    def clean_uscc(self):
        code = uscc_normalise(self.cleaned_data["uscc"])
        validate_uscc(code)
        if Organisation.objects.filter(uscc=code).exists():
            # Which organisation it is stays private.
            raise forms.ValidationError(
                _(
                    "An organisation with this code is already registered. Ask a colleague who "
                    "has an account for it, or the bureau, to add you."
                )
            )
        return code

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if not PHONE_RE.match(phone):
            raise forms.ValidationError(_("Write a telephone number of digits, e.g. 0798-8888888."))
        return phone

    def clean(self):
        cleaned = super().clean()
        county, township = cleaned.get("county"), cleaned.get("township")
        if county and township and township.county_id != county.pk:
            self.add_error(
                "township",
                _("%(township)s is not in %(county)s.")
                % {"township": township.name, "county": county.name},
            )
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        if first:
            user = get_user_model()(
                username=cleaned.get("username", ""), email=cleaned.get("email")
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
