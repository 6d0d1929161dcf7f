"""Spreadsheet exports of the admin that no cell can turn into a formula.

Every CSV or XLSX a staff member downloads from the admin — the site
history (audit log) report and the other reports, the redirects, any
listing with ``list_export`` — is written by Wagtail's
SpreadsheetExportMixin. Its cells hold text typed by anyone: an
organisation's name or a user's full name chosen at registration is the
label of an audit entry. A spreadsheet program runs a CSV cell that starts
with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one)
as a formula: ``=HYPERLINK(…)`` sends the reader away, DDE formulas run
commands. Such a cell is written with a single quote before it (the OWASP
rule), so it is shown as the text it is. XLSX cells need no quote: the
mixin already writes text that openpyxl takes for a formula as a string
cell.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_escape(value):
    """Returns ``value`` with a single quote before it if it is text that
    starts like a formula, else ``value`` unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_formulas_escape() -> None:
    """Makes every CSV export of the admin escape formula cells. Wagtail
    has no setting or hook for an export's cells, and its reports are not
    ours to subclass, so the mixin they all share is wrapped once, at
    start-up (PortalConfig.ready); calling it again changes nothing."""
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "escapes_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        value = original(self, field, value, export_format)
        return formula_escape(value) if export_format == self.FORMAT_CSV else value

    preprocess_field_value.escapes_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
