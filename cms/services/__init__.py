"""Writes of the public site, by concern, re-exported here: the site tree,
the measures, the pages made for the domain's events and the documents
rendered as PDFs."""

from .measures import (
    MeasureImportResult,
    MeasuresImportError,
    measure_import,
    measure_pdf_render,
    rule_set_sync,
)
from .pages import evaluation_report_page_publish, notice_publish, publicity_page_publish
from .site import SiteTree, site_tree_ensure

__all__ = [
    "MeasureImportResult",
    "MeasuresImportError",
    "SiteTree",
    "evaluation_report_page_publish",
    "measure_import",
    "measure_pdf_render",
    "notice_publish",
    "publicity_page_publish",
    "rule_set_sync",
    "site_tree_ensure",
]
