"""The official documents the public site issues as PDFs, in the layout of
official documents (GB/T 9704-2012): the publicity notice, a unit's
certificate (授牌), a protection zone's plaque and an evaluation report.
Each is rendered by a Celery task after the commit of the step that issues
it, stored on the domain row, replaced when rendered again (a retried task
is harmless) and logged."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from applications.models import CandidateList
from applications.selectors import publicity_candidates, rules_on
from evaluations.models import (
    ZONE_SUFFIX,
    Acceptance,
    AcceptanceStatus,
    Evaluation,
    ProtectedUnit,
)
from evaluations.selectors import evaluation_score_table
from portal.core.dates import cn_date
from portal.core.pdf import pdf_replace, render_pdf
from portal.core.qr import qr_svg_data_uri

from ..selectors import portal_settings

# Named in a report when no version of the measures is published yet.
MEASURES_TITLE = "国家级景德镇陶瓷文化生态保护实验区管理办法（试行）"


@transaction.atomic
def publicity_notice_render(*, candidate_list_id: int) -> CandidateList | None:
    """Renders the publicity notice of a published list and stores it on
    the list; returns the list, or None when it is gone or unpublished."""
    candidate_list = (
        CandidateList.objects.select_for_update(of=("self",))
        .select_related("period", "page")
        .filter(pk=candidate_list_id, period__isnull=False, page__isnull=False)
        .first()
    )
    if candidate_list is None:
        return None
    page = candidate_list.page
    pdf = render_pdf(
        "pdf/publicity.html",
        {
            "page": page,
            "period": candidate_list.period,
            "candidates": publicity_candidates(candidate_list=candidate_list),
            "start": cn_date(candidate_list.period.start_date),
            "end": cn_date(candidate_list.period.end_date),
            "date": cn_date(page.date),
        },
    )
    stored = pdf_replace(candidate_list.notice_pdf, filename=f"{page.slug}.pdf", data=pdf)
    candidate_list.save(update_fields=["notice_pdf"])
    log(instance=candidate_list, action="portal.candidate_list.notice_pdf", data=stored)
    return candidate_list


def unit_verification_url(unit: ProtectedUnit) -> str:
    """Returns the absolute address of the public page that verifies
    ``unit``'s certificate and plaque (in Chinese, the site's first
    language): what their QR code holds."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("unit_verify", kwargs={"code": unit.verification_code})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _verification(unit: ProtectedUnit) -> dict:
    url = unit_verification_url(unit)
    return {"verify_url": url, "verify_qr": qr_svg_data_uri(url)}


@transaction.atomic
def unit_certificate_render(*, unit_id: int) -> ProtectedUnit | None:
    """Renders an established unit's certificate (授牌) and stores it;
    returns the unit, or None when it is gone."""
    unit = (
        ProtectedUnit.objects.select_for_update(of=("self",))
        .select_related("approval", "organisation", "county")
        .filter(pk=unit_id)
        .first()
    )
    if unit is None:
        return None
    pdf = render_pdf(
        "pdf/certificate.html",
        {
            "unit": unit,
            "bureau": portal_settings().bureau_name,
            "date": cn_date(unit.established_on),
            "designation": unit.get_category_display() if unit.category else ZONE_SUFFIX,
            **_verification(unit),
        },
    )
    stored = pdf_replace(unit.certificate_pdf, filename=f"{unit.code}.pdf", data=pdf)
    unit.save(update_fields=["certificate_pdf"])
    log(instance=unit, action="portal.unit.certificate", data=stored)
    return unit


@transaction.atomic
def acceptance_plaque_render(*, acceptance_id: int) -> Acceptance | None:
    """Renders the plaque (授牌) of a passed acceptance and stores it;
    returns the acceptance, or None when there is none to render."""
    acceptance = (
        Acceptance.objects.select_for_update(of=("self",))
        .select_related("unit")
        .filter(pk=acceptance_id, status=AcceptanceStatus.PASSED)
        .first()
    )
    if acceptance is None:
        return None
    day = timezone.localtime(acceptance.decided_at).date()
    pdf = render_pdf(
        "pdf/plaque.html",
        {
            "unit": acceptance.unit,
            "bureau": portal_settings().bureau_name,
            "date": cn_date(day),
            **_verification(acceptance.unit),
        },
    )
    stored = pdf_replace(
        acceptance.plaque_pdf, filename=f"{acceptance.unit.code}-plaque.pdf", data=pdf
    )
    acceptance.save(update_fields=["plaque_pdf"])
    log(instance=acceptance, action="portal.acceptance.plaque", data=stored)
    return acceptance


def evaluation_report_title(evaluation: Evaluation) -> str:
    """Returns the report's title, in Chinese: <unit>综合评估报告（<year>年）."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("%(unit)s comprehensive evaluation report (%(year)s)") % {
            "unit": evaluation.unit.name,
            "year": evaluation.round.opened_on.year,
        }


def _measures_title(day) -> str:
    return rules_on(day=day).title or MEASURES_TITLE


@transaction.atomic
def evaluation_report_render(*, evaluation_id: int) -> Evaluation | None:
    """Renders a concluded evaluation's report — the indicators with their
    weights and mean scores, the weighted total, the outcome and, when
    rectification was ordered, its items and deadline — and stores it on
    the evaluation; returns it, or None when there is no concluded
    evaluation to render."""
    evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("round", "unit")
        .filter(pk=evaluation_id, decided_at__isnull=False)
        .first()
    )
    if evaluation is None:
        return None
    table = evaluation_score_table(evaluation=evaluation)
    order = evaluation.rectifications.order_by("pk").first()
    pdf = render_pdf(
        "pdf/evaluation_report.html",
        {
            "evaluation": evaluation,
            "unit": evaluation.unit,
            "title": evaluation_report_title(evaluation),
            "measure_title": _measures_title(evaluation.round.opened_on),
            "bureau": portal_settings().bureau_name,
            "rows": table["rows"],
            "total": evaluation.total,
            "scorers": evaluation.scorers.count(),
            "opened": cn_date(evaluation.round.opened_on),
            "established": cn_date(evaluation.unit.established_on),
            "date": cn_date(timezone.localdate(evaluation.decided_at)),
            "order": order,
            "deadline": cn_date(order.deadline) if order else "",
        },
    )
    stored = pdf_replace(
        evaluation.report_pdf, filename=f"{evaluation.unit.code}-{evaluation.pk}.pdf", data=pdf
    )
    evaluation.save(update_fields=["report_pdf"])
    log(instance=evaluation, action="portal.evaluation.report_pdf", data=stored)
    return evaluation
