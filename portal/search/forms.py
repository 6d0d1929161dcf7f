"""The public search form: the query and the page, as the address gives them."""

from django import forms
from django.utils.translation import gettext as _

from .registry import QUERY_MAX_LENGTH


class SearchForm(forms.Form):
    """``q``: the words to find (stripped; at most QUERY_MAX_LENGTH
    characters, refused with the lengths in words); ``page``: the result
    page, left to the paginator to judge (a bad one shows the first)."""

    q = forms.CharField(required=False)
    page = forms.CharField(required=False, max_length=12)

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if len(query) > QUERY_MAX_LENGTH:
            raise forms.ValidationError(
                _(
                    "Search terms can be at most %(max)d characters long; these are %(length)d. "
                    "Please shorten them."
                )
                % {"max": QUERY_MAX_LENGTH, "length": len(query)},
                code="too_long",
            )
        return query
