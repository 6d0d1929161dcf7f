"""Forms of an applicant's draft: its three steps and its materials."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.uploads import EXTENSIONS, validate_upload

from ..eligibility import ICH_LEVELS, MUNICIPAL_OR_ABOVE, Category, InheritorBranch
from ..models import ApplicationKind

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


class SkilledHolderForm(forms.Form):
    """One of “一批熟练掌握该项目的非遗文化持有者” (第七条（二）, branch (b))."""

    name = forms.CharField(label=_("Skilled holder"), max_length=64)
    years = forms.IntegerField(label=_("Years of practice"), min_value=0, max_value=100)
    evidence = forms.CharField(
        label=_("Evidence of mastery (works, awards, apprenticeship)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SeniorStaffForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    title = forms.CharField(label=_("Professional title"), max_length=64)
    field = forms.CharField(label=_("Field"), max_length=64)


ProjectFormSet = forms.formset_factory(ProjectForm, extra=2, can_delete=True)
InheritorFormSet = forms.formset_factory(InheritorForm, extra=2, can_delete=True)
SkilledHolderFormSet = forms.formset_factory(SkilledHolderForm, extra=3, can_delete=True)
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


class InheritorBranchForm(forms.Form):
    """How 第七条（二） is met, checked against the people entered with it (the
    two formsets, valid first). A draft may leave both empty; submission
    checks."""

    inheritor_branch = forms.ChoiceField(
        label=_("Article 7 (2) is met by"),
        choices=InheritorBranch.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args, inheritors, holders, **kwargs):
        super().__init__(*args, **kwargs)
        self.inheritors, self.holders = inheritors, holders

    def clean(self):
        cleaned = super().clean()
        if not (self.inheritors.is_valid() and self.holders.is_valid()):
            return cleaned
        branch = cleaned.get("inheritor_branch")
        inheritors, holders = formset_rows(self.inheritors), formset_rows(self.holders)
        if not branch and (inheritors or holders):
            self.add_error(
                "inheritor_branch",
                _(
                    "Choose whether Article 7 (2) is met by representative inheritors of "
                    "municipal level or above or by a group of skilled holders."
                ),
            )
        elif (
            branch == InheritorBranch.REPRESENTATIVE
            and inheritors
            and not any(i["level"] in MUNICIPAL_OR_ABOVE for i in inheritors)
        ):
            self.add_error(
                "inheritor_branch",
                _(
                    "Name at least one representative inheritor of municipal level or above: "
                    "county-level inheritors do not count under Article 7 (2)."
                ),
            )
        return cleaned


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (a list, empty when none was chosen)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


# What the upload fields say next to them: the kinds accepted and the size
# limit (settings.PORTAL_UPLOAD_MAX_BYTES).
UPLOAD_RULES_ID = "upload-rules"


def upload_rules() -> str:
    kinds = ", ".join(kind.upper() for kind in EXTENSIONS)
    limit = settings.PORTAL_UPLOAD_MAX_BYTES / 2**20
    return gettext("Accepted: %(kinds)s; at most %(limit).0f MB a file.") % {
        "kinds": kinds,
        "limit": limit,
    }


class MaterialsForm(forms.Form):
    """Files for several material slots at once: one file input per slot
    (named ``file-<slot code>``), each taking several files. Every file is
    checked here (kind by content, size, name) before any is stored."""

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        accept = ",".join(sorted({e for names in EXTENSIONS.values() for e in names}))
        self.slots = list(slots)
        for slot in self.slots:
            self.fields[self.field_name(slot.code)] = MultipleFileField(
                label=slot.label,
                required=False,
                widget=MultipleFileInput(
                    attrs={"accept": accept, "aria-describedby": UPLOAD_RULES_ID}
                ),
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"file-{code}"

    def clean(self):
        cleaned = super().clean()
        for slot in self.slots:
            name = self.field_name(slot.code)
            for upload in cleaned.get(name) or []:
                try:
                    validate_upload(upload)
                except ValidationError as error:
                    self.add_error(name, error)
        if not self.errors and not any(cleaned.get(self.field_name(s.code)) for s in self.slots):
            raise ValidationError(_("Choose at least one file."), code="no_file")
        return cleaned

    def uploads(self) -> list[tuple[str, object]]:
        """The (slot code, file) pairs of a valid form, in slot order."""
        return [
            (slot.code, upload)
            for slot in self.slots
            for upload in self.cleaned_data.get(self.field_name(slot.code)) or []
        ]


class ReserveAreaForm(forms.Form):
    """Reserve step 1: the zone, since when it has been protected, and the
    conditions of 第五条（一）–（八）. Everything may stay empty in a draft."""

    # The townships, with the counties they lie in: forms.reserves.
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


class NewApplicationForm(forms.Form):
    """Starts a draft for one of the user's organisations."""

    organisation = forms.ModelChoiceField(queryset=None)
    kind = forms.TypedChoiceField(
        choices=ApplicationKind.choices, required=False, empty_value=ApplicationKind.BASE
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = user.organisations.all()


class NavigationForm(forms.Form):
    """Which button saved a step: “save and continue” (named ``next``) goes
    on to the next; a button is known by its name being sent."""

    next = forms.BooleanField(required=False)

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = {"next": "next" in data}
        super().__init__(data, *args, **kwargs)


class SubmissionForm(forms.Form):
    """Submit a draft, or resubmit after a supplement."""

    SUBMIT, RESUBMIT = "submit", "resubmit"
    action = forms.ChoiceField(choices=[(SUBMIT, SUBMIT), (RESUBMIT, RESUBMIT)], initial=SUBMIT)

    def __init__(self, data=None, *args, **kwargs):
        # The resubmit button names itself; the submit button sends nothing.
        if data is not None:
            data = {"action": self.RESUBMIT if "resubmit" in data else self.SUBMIT}
        super().__init__(data, *args, **kwargs)


class EligibilityForm(forms.Form):
    """The numbers of step 2, judged live (a GET while the user types)."""

    category = forms.ChoiceField(choices=Category.choices)
    area = forms.DecimalField(min_value=0, max_digits=10, decimal_places=1)
    staff = forms.IntegerField(min_value=0, max_value=1_000_000)
    senior = forms.IntegerField(min_value=0, max_value=1_000_000, required=False)
    special = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=False,
    )
    endangered = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda v: v == "1",
        required=False,
        empty_value=False,
    )
