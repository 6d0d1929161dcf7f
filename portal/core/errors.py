"""The errors every layer shares."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied


class Refused(Exception):
    """An action that cannot be taken now. ``problems`` lists every reason,
    in words for the person who asked; a service raises it before it
    writes anything, so a refused action changes nothing."""

    def __init__(self, problems: list[str]):
        self.problems = [str(p) for p in problems]
        super().__init__("；".join(self.problems))


class NotAllowed(Refused, PermissionDenied):
    """Refused because of who asks, not of what is asked. A view that does
    not catch it answers 403, as for any PermissionDenied."""


def form_problems(form) -> list[str]:
    """Returns every error of a bound form, in words: those of the whole
    form first, then each field's in field order — what a page shows as
    the reasons a submission was refused."""
    problems = [str(error) for error in form.errors.get(NON_FIELD_ERRORS, [])]
    for name, errors in form.errors.items():
        if name != NON_FIELD_ERRORS:
            problems += [str(error) for error in errors]
    return problems
