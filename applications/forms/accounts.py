"""Forms of applicants' accounts."""

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import CLAIMS_THAT_HOLD, County, Organisation, Township
from ..services.claims import LICENCE_MAX_BYTES, code_claimed_problem, licence_validate
from ..uscc import uscc_normalise, validate_uscc

PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")


def township_choices() -> list:
    """The townships grouped by county, one ``<optgroup>`` each (labelled
    with the county's name, which the county select shows too: the page's
    script keeps only the chosen county's group)."""
    groups: dict[str, list] = {}
    for township in Township.objects.select_related("county").order_by(
        "county__code", "county__name", "name"
    ):
        groups.setdefault(township.county.name, []).append((township.pk, township.name))
    return [("", "---------"), *groups.items()]


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
    licence = forms.FileField(label=_("Business licence"))
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice above and agree to it."),
        error_messages={"required": _("Registering needs your agreement to the privacy notice.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence"].help_text = gettext(
            "A scan or photo of the business licence (营业执照) or the certificate of a public "
            "institution (事业单位法人证书): PDF, JPEG or PNG, at most %(limit)d MB. Only the "
            "culture bureau of your county sees it; it confirms your organisation with it."
        ) % {"limit": LICENCE_MAX_BYTES // 2**20}
        # A browser never sends a file back: the form returned with a
        # problem keeps every value but the passwords and this file.
        self.fields["licence"].help_text += " " + gettext(
            "If the form comes back with a problem, choose the file again: for your "
            "safety, files and passwords are not kept between attempts."
        )
        self.fields["township"].choices = township_choices()

    # Whether the username or the address is in use is not checked here:
    # the answer would list the accounts (services.accounts says how a
    # clash is told, to the address only).

    def clean_uscc(self):
        code = uscc_normalise(self.cleaned_data["uscc"])
        validate_uscc(code)
        if Organisation.objects.filter(uscc=code, claim_status__in=CLAIMS_THAT_HOLD).exists():
            # Which organisation claimed it stays private.
            raise forms.ValidationError(code_claimed_problem(), code="uscc_claimed")
        return code

    def clean_licence(self):
        licence = self.cleaned_data["licence"]
        licence_validate(licence)
        return licence

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


class LicenceForm(forms.Form):
    """Another business licence, after the county bureau refused a claim."""

    licence = forms.FileField(label=_("Business licence"))

    def clean_licence(self):
        licence = self.cleaned_data["licence"]
        licence_validate(licence)
        return licence


class ClaimDecisionForm(forms.Form):
    """The county bureau's decision on an organisation's claim."""

    CONFIRM, REFUSE = "confirm", "refuse"

    action = forms.ChoiceField(choices=[(CONFIRM, _("Confirm")), (REFUSE, _("Refuse"))])
    reason = forms.CharField(
        label=_("Reason for refusing (sent to the organisation)"),
        max_length=2000,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.REFUSE and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", _("Give the reason for refusing: the organisation is told it.")
            )
        return cleaned
