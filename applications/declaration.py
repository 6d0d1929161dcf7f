"""The declaration of truthfulness (承诺书) an applicant accepts when it
submits: its text, and the version stored with each acceptance. A changed
text takes a new version."""

from django.utils.translation import gettext_lazy as _

DECLARATION_VERSION = "2026-1"

DECLARATION = (
    _(
        "We declare that everything in this application and its materials is true, "
        "complete and our own, that the copies match their originals, and that we bear "
        "the legal responsibility for any false statement."
    ),
    _("We understand that an application found to contain false statements may be rejected."),
)
