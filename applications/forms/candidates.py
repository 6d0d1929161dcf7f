"""The form of the bureau's candidate list (备选名单, 第十一条): its title,
kind, the decision on record and the reviewed applications on it."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from ..models import Application, CandidateList
from ..workflow import State


class CandidateListForm(WagtailAdminModelForm):
    class Meta:
        model = CandidateList
        fields = ["title", "kind", "decision", "applications"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = Application.objects.filter(
            status=State.REVIEWED
        ).select_related("organisation")
        self.fields["applications"].widget = forms.CheckboxSelectMultiple()
        self.fields["applications"].choices = [
            (a.pk, f"{a.receipt_number} · {a}") for a in self.fields["applications"].queryset
        ]
