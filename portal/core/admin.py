"""Pieces of the Wagtail admin that every app's staff screens share."""

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
