"""The public's form of the units app: a comment on a self-assessment
under comment."""

from django import forms
from django.utils.translation import gettext_lazy

from portal.core.spamguard import GuardedForm

from ..models import PublicComment
from .common import MAX_TEXT


class CommentForm(GuardedForm):
    """A comment from the public on a self-assessment under comment. The
    form refuses what no person types (too long, a NUL byte); whether the
    name, the contact and the text suffice is judged by the service."""

    name = forms.CharField(
        label=gettext_lazy("Real name or organisation"),
        max_length=PublicComment._meta.get_field("name").max_length,
        required=False,
    )
    phone = forms.CharField(
        label=gettext_lazy("Telephone"),
        max_length=PublicComment._meta.get_field("phone").max_length,
        required=False,
    )
    email = forms.EmailField(
        label=gettext_lazy("Email"),
        max_length=PublicComment._meta.get_field("email").max_length,
        required=False,
        error_messages={"invalid": gettext_lazy("The email address is not valid.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        required=False,
    )
