"""Forms of the applicants' pages."""

import re

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import UsernameField
from django.utils.translation import gettext_lazy as _

from .eligibility import Category
from .models import County, Organisation, Township
from .uscc import uscc_normalise, validate_uscc

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


ICH_LEVELS = [
    ("国家级", _("National")),
    ("省级", _("Provincial")),
    ("市级", _("Municipal")),
    ("县级", _("County")),
]


# An empty first choice, so that an untouched spare row of a formset sends
# nothing and is skipped rather than judged half-filled.
LEVEL_CHOICES = [("", "—"), *ICH_LEVELS]


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("ICH project"), max_length=128)
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES)
    category = forms.CharField(label=_("ICH category"), max_length=64, required=False)
    special = forms.BooleanField(label=_("Special project"), required=False)
    endangered = forms.BooleanField(label=_("Endangered project"), required=False)


class InheritorForm(forms.Form):
    name = forms.CharField(label=_("Representative inheritor"), max_length=64)
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES)


class SeniorStaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    title = forms.CharField(label=_("Professional title"), max_length=64)
    field = forms.CharField(label=_("Field"), max_length=64)


ProjectFormSet = forms.formset_factory(ProjectForm, extra=2, can_delete=True)
InheritorFormSet = forms.formset_factory(InheritorForm, extra=2, can_delete=True)
SeniorStaffFormSet = forms.formset_factory(SeniorStaffForm, extra=3, can_delete=True)


def formset_rows(formset) -> list[dict]:
    """Returns the filled, undeleted rows of a valid formset."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category of base"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        required=False,
    )


class NumbersForm(forms.Form):
    """Step 2. Every field may stay empty in a draft; submission checks."""

    site_area_m2 = forms.DecimalField(
        label=_("Site area for ICH production, research and display (m²)"),
        min_value=0,
        max_digits=10,
        decimal_places=1,
        required=False,
    )
    staff_count = forms.IntegerField(label=_("Staff"), min_value=0, required=False)
    authenticity = forms.CharField(
        label=_("Article 7 (1): authenticity and integrity of the project and its core skills"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    inheritors = forms.CharField(
        label=_("Article 7 (2): inheritors of municipal level or above, or skilled holders"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    safeguarding = forms.CharField(
        label=_("Article 7 (3): rescue, records and documentation of the craft"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    participation = forms.CharField(
        label=_("Article 7 (4): part taken in the centre's exhibitions and education"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    benefits = forms.CharField(
        label=_("Article 7 (5): social and economic benefits of production"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    relaxation_requested = forms.BooleanField(
        label=_("As a special or endangered project, ask for the thresholds to be relaxed"),
        required=False,
    )
    relaxation_reason = forms.CharField(
        label=_("Reason for relaxation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class MaterialForm(forms.Form):
    slot = forms.ChoiceField(label=_("Material"))
    file = forms.FileField(label=_("File (PDF, JPEG, PNG, DOCX or XLSX)"))

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.code, s.label) for s in slots]


class ReserveAreaForm(forms.Form):
    """Reserve step 1: the zone, since when it has been protected, and the
    conditions of 第五条（一）–（八）. Everything may stay empty in a draft."""

    townships = forms.ModelMultipleChoiceField(
        label=_("Townships and subdistricts of the zone (Article 5 (7))"),
        queryset=Township.objects.select_related("county"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    holistic_since = forms.DateField(
        label=_("Holistic protection in force since (Article 5 (9))"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    heritage = forms.CharField(
        label=_("Article 5 (1): history and character of the culture"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    resources = forms.CharField(
        label=_("Article 5 (2): ICH resources in local life"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    transmission = forms.CharField(
        label=_("Article 5 (3): transmission and participation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    sites = forms.CharField(
        label=_("Article 5 (4): objects, sites and environment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    government = forms.CharField(
        label=_("Article 5 (5): the government's support and residents' informed consent"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    core_areas = forms.CharField(
        label=_("Article 5 (6): listed core areas and sites, protection measures"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    area = forms.CharField(
        label=_("Article 5 (7): the townships and villages of the zone"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    management = forms.CharField(
        label=_("Article 5 (8): management body and full-time staff"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class OutlineForm(forms.Form):
    """Reserve step 2: the planning outline's five parts (第九条)."""

    part1 = forms.CharField(
        label=_("Article 9 (1): geography, history, present state, character and value"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    part2 = forms.CharField(
        label=_("Article 9 (2): area, key areas, lists of ICH items, relics and sites"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    part3 = forms.CharField(
        label=_("Article 9 (3): aims, principles, content and means of protection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    part4 = forms.CharField(
        label=_("Article 9 (4): safeguards and mechanisms"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    part5 = forms.CharField(
        label=_("Article 9 (5): other material"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ObjectionForm(forms.Form):
    """An objection from the public (异议). Whether the window is open, the
    contact and the files are judged by services.publicity.objection_submit;
    this form carries the typed values back on any error."""

    candidate = forms.TypedChoiceField(label=_("Candidate objected to"), coerce=int)
    name = forms.CharField(
        label=_("Real name or organisation"),
        max_length=128,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Telephone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    grounds = forms.CharField(
        label=_("Grounds of the objection"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
    )
    files = forms.FileField(
        label=_("Attachments (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
        help_text=_("PDF, JPEG, PNG, DOCX or XLSX; at most 5 files."),
    )
    # Spam guard without outside services: a field people never see (bots
    # fill it) and the signed time the form was shown (bots post at once).
    # Out of sight and out of the tab order: only a bot fills it in.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)
    pending = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].choices = [("", "——")] + [
            (c["id"], f"{c['name']}（{c['category']}）") for c in candidates
        ]
        # Every field's own errors are judged by the service; the form
        # only checks what a browser could get wrong.
        self.fields["files"].required = False
