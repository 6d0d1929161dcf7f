"""Forms of a reserve spanning several counties (第六条（一）): the zone's
counties, townships and villages, and a named county bureau's answer."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import County, Township

# Villages and communities are written one after another, separated by
# 、 ， , ; ； or a new line.
VILLAGE_SEPARATORS = re.compile(r"[、，,;；\n]+")


class ReserveZoneForm(forms.Form):
    """Reserve step 1, the zone: the other counties it names, and townships
    of the lead county or of those counties (the choices offered; a
    township elsewhere is refused), each with its villages and communities
    as free text."""

    counties = forms.ModelMultipleChoiceField(
        label=_("Other counties of the zone, asked to take part (Article 6 (1))"),
        queryset=County.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    townships = forms.ModelMultipleChoiceField(
        label=_("Townships and subdistricts of the zone (Article 5 (7))"),
        queryset=Township.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, data=None, *args, lead: County, named=(), **kwargs):
        super().__init__(data, *args, **kwargs)
        self.fields["counties"].queryset = County.objects.exclude(pk=lead.pk).order_by("code")
        if self.is_bound:
            named = [str(c) for c in self.data.getlist(self.add_prefix("counties"))]
        else:
            named = [c.pk for c in named]
        townships = Township.objects.filter(county__in=[lead.pk, *named]).select_related("county")
        self.fields["townships"].queryset = townships
        self.village_fields = []
        for township in townships:
            name = f"villages_{township.pk}"
            self.fields[name] = forms.CharField(
                label=_("Villages and communities of %(township)s") % {"township": str(township)},
                help_text=_("Separate the names with 、 or a new line."),
                max_length=2000,
                required=False,
            )
            self.village_fields.append(name)

    def village_boundfields(self) -> list:
        """The village fields, for the template (one per township offered)."""
        return [self[name] for name in self.village_fields]

    def villages(self) -> dict:
        """Returns {township pk: [village names]} of the chosen townships;
        call once is_valid() is true."""
        chosen = {t.pk for t in self.cleaned_data["townships"]}
        result = {}
        for township_pk in chosen:
            text = self.cleaned_data.get(f"villages_{township_pk}") or ""
            names = [n.strip() for n in VILLAGE_SEPARATORS.split(text) if n.strip()]
            if names:
                result[str(township_pk)] = names
        return result


def villages_initial(villages: dict) -> dict:
    """Returns the initial data of the village fields for saved villages."""
    return {f"villages_{pk}": "、".join(names) for pk, names in (villages or {}).items()}


class InvolvementAnswerForm(forms.Form):
    """A named county bureau's answer to a reserve application."""

    CONFIRM, DECLINE = "confirm", "decline"

    action = forms.ChoiceField(choices=[(CONFIRM, _("Confirm")), (DECLINE, _("Decline"))])
    reason = forms.CharField(
        label=_("Reason for declining (sent to the lead bureau)"),
        max_length=2000,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error(
                "reason", _("Give the reason for declining: the lead bureau is told it.")
            )
        return cleaned
