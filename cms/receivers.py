"""The public site's answers to what the domain announces (applications.events,
evaluations.events): the notice, report or announcement each step puts
before the public, written in the sender's transaction, and the official
documents rendered by Celery after its commit; and the PDF of each
published version of the measures. Connected in CmsConfig.ready."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.signals import page_published, page_unpublished

from applications.events import candidate_list_published
from applications.models import ApplicationKind
from evaluations.events import (
    evaluation_concluded,
    unit_delisted,
    units_established,
    zone_accepted,
)
from evaluations.models import EvaluationOutcome
from evaluations.selectors import evaluation_score_table, number_plain
from portal.core.dates import cn_date
from portal.core.queue import task_queue_after_commit

from .models import MeasurePage
from .selectors import portal_settings
from .services import (
    evaluation_report_page_publish,
    notice_publish,
    publicity_page_publish,
    rule_set_sync,
    site_tree_ensure,
)
from .services.documents import evaluation_report_title


def _publicity_published(sender, *, candidate_list, user, title, body, contact, **kwargs):
    publicity_page_publish(
        candidate_list=candidate_list,
        title=title,
        body=body,
        contact=contact,
        issuing_body=portal_settings().bureau_name,
        user=user,
    )
    task_queue_after_commit("cms.tasks.publicity_notice_render", candidate_list.pk)


def _directory_url() -> str:
    return site_tree_ensure().directory.url or "/directory/"


def _units_established(sender, *, approval, units, user, **kwargs):
    """Announces the units an approval established (设立) and issues their
    certificates (授牌)."""
    candidate_list = approval.candidate_list
    with translation.override(settings.LANGUAGE_CODE):
        if candidate_list.kind == ApplicationKind.RESERVE:
            title = _("Announcement on the establishment of %(names)s") % {
                "names": "、".join(u.name for u in units)
            }
        else:
            title = _("Announcement on the designation of %(n)d protection base(s)") % {
                "n": len(units)
            }
        body = format_html(
            "<p>{}</p><ul>{}</ul><p>{}</p>",
            _(
                "Following the publicity of “%(list)s”, which received no standing objection, "
                "and with the approval of the Jingdezhen Municipal People's Government "
                "(%(number)s, %(date)s), the following units are established:"
            )
            % {
                "list": candidate_list.title,
                "number": approval.document_number,
                "date": cn_date(approval.approved_on),
            },
            format_html_join(
                "",
                '<li><a href="{}{}/">{}</a> ({})</li>',
                ((_directory_url(), u.code, u.name, u.get_status_display()) for u in units),
            ),
            _("Each unit's entry in the directory shows its certificate."),
        )
    approval.notice_page = notice_publish(
        title=title,
        slug=f"establishment-{approval.approved_on:%Y%m%d}-{approval.pk}",
        day=approval.approved_on,
        issuing_body=portal_settings().bureau_name,
        body=str(body),
        user=user,
    )
    approval.save(update_fields=["notice_page"])
    for unit in units:
        task_queue_after_commit("cms.tasks.unit_certificate_render", unit.pk)


def _zone_accepted(sender, *, acceptance, old_name, user, **kwargs):
    """Announces that an experimental zone passed acceptance and is named a
    protection zone (第十八条), and issues its plaque."""
    unit = acceptance.unit
    day = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Announcement: %(name)s passes acceptance") % {"name": unit.name}
        body = format_html(
            "<p>{}</p>",
            _(
                "%(old)s has passed acceptance after implementing its master plan "
                "and is named %(name)s (Article 18). %(reason)s"
            )
            % {"old": old_name, "name": unit.name, "reason": acceptance.decision_reason},
        )
    acceptance.notice_page = notice_publish(
        title=title,
        slug=f"acceptance-{unit.code.lower()}-{day:%Y%m%d}",
        day=day,
        issuing_body=portal_settings().bureau_name,
        body=str(body),
        user=user,
    )
    acceptance.save(update_fields=["notice_page"])
    task_queue_after_commit("cms.tasks.acceptance_plaque_render", acceptance.pk)


def _evaluation_concluded(sender, *, evaluation, user, **kwargs):
    """Publishes a concluded evaluation's report (第三十六条), announces a
    commendation (通报表扬, 第三十八条), and renders the report's PDF."""
    bureau = portal_settings().bureau_name
    day = timezone.localdate(evaluation.decided_at)
    table = evaluation_score_table(evaluation=evaluation)
    page = evaluation_report_page_publish(
        evaluation=evaluation,
        title=evaluation_report_title(evaluation),
        issuing_body=bureau,
        day=day,
        scores=[
            {
                "name": r["name"],
                "weight": number_plain(r["weight"]),
                "mean": str(r["mean"]),
                "weighted": str(r["weighted"]),
            }
            for r in table["rows"]
        ],
        user=user,
    )
    if evaluation.outcome == EvaluationOutcome.COMMENDATION:
        unit = evaluation.unit
        with translation.override(settings.LANGUAGE_CODE):
            title = _("Commendation of %(unit)s") % {"unit": unit.name}
            body = format_html(
                '<p>{}</p><p>{}</p><p><a href="{}">{}</a></p>',
                _(
                    "In the comprehensive evaluation “%(round)s”, %(unit)s obtained a weighted "
                    "score of %(total)s and its protection work was outstanding."
                )
                % {"round": evaluation.round.title, "unit": unit.name, "total": evaluation.total},
                _(
                    "Under Article 38 of the measures, %(bureau)s hereby commends it in this "
                    "notice and gives it priority in funding support."
                )
                % {"bureau": bureau},
                page.url,
                page.title,
            )
        notice = notice_publish(
            title=title,
            slug=f"commendation-{unit.code.lower()}-{evaluation.pk}",
            day=day,
            issuing_body=bureau,
            body=str(body),
            user=user,
        )
        log(
            instance=evaluation,
            action="portal.evaluation.commend",
            user=user,
            data={"unit": unit.code, "notice": notice.pk},
        )
    task_queue_after_commit("cms.tasks.evaluation_report_render", evaluation.pk)


def _unit_delisted(sender, *, unit, reason, order, user, **kwargs):
    """Announces a delisting (摘牌, 第三十八条): its reason and date."""
    bureau = portal_settings().bureau_name
    today = unit.delisted_on
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Announcement on the delisting of %(unit)s") % {"unit": unit.name}
        body = format_html(
            '<p>{}</p><p>{}</p><p>{}</p><p><a href="{}{}/">{}</a></p>',
            _(
                "Under Article 38 of the measures, a unit that does not rectify within the "
                "time limit, or does not rectify sufficiently, is delisted."
            ),
            _(
                "%(bureau)s has decided to delist %(unit)s (certificate number %(code)s) from "
                "%(date)s."
            )
            % {"bureau": bureau, "unit": unit.name, "code": unit.code, "date": cn_date(today)},
            _("Reason: %(reason)s") % {"reason": reason},
            _directory_url(),
            unit.code,
            _("The unit's entry in the directory"),
        )
    notice = notice_publish(
        title=title,
        slug=f"delisting-{unit.code.lower()}",
        day=today,
        issuing_body=bureau,
        body=str(body),
        user=user,
    )
    unit.delisting_notice = notice
    unit.save(update_fields=["delisting_notice"])
    if order is not None:
        order.notice_page = notice
        order.save(update_fields=["notice_page"])


def _measures_published(sender, instance, **kwargs) -> None:
    """Keeps the version's rule set in step and renders the version's PDF
    (after commit: the worker must see the published revision)."""
    rule_set_sync(page=instance, user=getattr(kwargs.get("revision"), "user", None))
    task_queue_after_commit("cms.tasks.measure_pdf_render", instance.pk)


def _measures_unpublished(sender, instance, **kwargs) -> None:
    """An unpublished version no longer rules any day."""
    rule_set_sync(page=instance)


def connect() -> None:
    page_published.connect(_measures_published, sender=MeasurePage, dispatch_uid="measure-pdf")
    page_unpublished.connect(
        _measures_unpublished, sender=MeasurePage, dispatch_uid="measure-unpublished"
    )
    candidate_list_published.connect(_publicity_published, dispatch_uid="cms-publicity")
    units_established.connect(_units_established, dispatch_uid="cms-establishment")
    zone_accepted.connect(_zone_accepted, dispatch_uid="cms-acceptance")
    evaluation_concluded.connect(_evaluation_concluded, dispatch_uid="cms-evaluation-report")
    unit_delisted.connect(_unit_delisted, dispatch_uid="cms-delisting")
