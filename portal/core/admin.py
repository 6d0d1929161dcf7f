"""Pieces of the Wagtail admin that every app's staff screens share."""

import functools

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from django.views import View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

from .errors import Refused


class ServiceCreateView(generic.CreateView):
    """A create view whose ``save_instance`` calls a service: what the
    service refuses comes back on the form, each reason as an error of its
    own, with everything typed kept. A record made this way is a decision
    on record, not a draft to edit: no "edit" button after saving."""

    def get_success_buttons(self):
        return []

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
            # Set by Wagtail's own validation only; form_invalid reads it.
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class NotFoundWhenForbidden:
    """Mixin for a staff screen's ViewSet: on an object's address (an id in
    the URL), a user who may not use the screen gets the 404 a missing id
    gets. Wagtail looks the object up before it checks the permission, so
    without this a missing id answers 404 and an existing one redirects
    with "no permission" — which tells anyone with an admin account which
    ids exist. Listings keep Wagtail's redirect: they reveal no id."""

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(_hiding(view_class), **kwargs)


@functools.cache
def _hiding(view_class):
    """``view_class`` with PermissionDenied on an object's address turned
    into Http404 (made once per class)."""
    if not (isinstance(view_class, type) and issubclass(view_class, View)):
        return view_class
    return type(
        view_class.__name__,
        (_HidingMixin, view_class),
        {"__module__": view_class.__module__, "__doc__": view_class.__doc__},
    )


class _HidingMixin:
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied:
            if kwargs:
                raise Http404 from None
            raise


class YesNoColumn(Column):
    """A listing column of a boolean field, saying 是 / 否 in words (Wagtail's
    BooleanColumn names its icons "True" and "False", in English, to screen
    readers)."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return "—"
        return gettext("Yes") if value else gettext("No")
