"""The pages the public site makes for what the domain announces: one
function per kind of page. Each publishes its page at once and is called
inside the caller's transaction (a receiver of a domain event), so a
rollback leaves no page."""

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from applications.models import CandidateList
from evaluations.models import Evaluation

from ..models import EvaluationReportPage, NoticePage, PublicityPage
from .site import site_tree_ensure


def _publish(page, *, parent, user: AbstractBaseUser | None):
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=False).publish(user=user)
    return page


@transaction.atomic
def notice_publish(
    *,
    title: str,
    slug: str,
    day: datetime.date,
    issuing_body: str,
    body: str,
    user: AbstractBaseUser | None,
    document_number: str = "",
) -> NoticePage:
    """Publishes a notice (通知公告) under the notice index and returns it."""
    tree = site_tree_ensure()
    notice = NoticePage(
        title=title[:255],
        slug=slug,
        date=day,
        document_number=document_number,
        issuing_body=issuing_body,
        body=body,
    )
    return _publish(notice, parent=tree.notice_index, user=user)


@transaction.atomic
def publicity_page_publish(
    *,
    candidate_list: CandidateList,
    title: str,
    body: str,
    contact: str,
    issuing_body: str,
    user: AbstractBaseUser | None,
) -> PublicityPage:
    """Publishes the publicity notice of a candidate list whose window is
    stored (公示, 第十二条) under the publicity index, links the list to it
    and returns it."""
    tree = site_tree_ensure()
    page = PublicityPage(
        title=title,
        slug=f"{candidate_list.published_on:%Y%m%d}-{candidate_list.pk}",
        candidate_list=candidate_list,
        document_number=candidate_list.document_number,
        issuing_body=issuing_body,
        date=candidate_list.published_on,
        body=body,
        contact=contact,
    )
    _publish(page, parent=tree.publicity_index, user=user)
    candidate_list.publicity_page = page
    candidate_list.save(update_fields=["publicity_page"])
    return page


@transaction.atomic
def evaluation_report_page_publish(
    *,
    evaluation: Evaluation,
    title: str,
    issuing_body: str,
    day: datetime.date,
    scores: list[dict],
    user: AbstractBaseUser | None,
) -> EvaluationReportPage:
    """Publishes the public report of a concluded evaluation (第三十六条)
    under the report index, links the evaluation to it and returns it."""
    tree = site_tree_ensure()
    unit = evaluation.unit
    page = EvaluationReportPage(
        title=title[:255],
        slug=f"{unit.code.lower()}-{evaluation.pk}",
        evaluation=evaluation,
        unit=unit,
        unit_name=unit.name,
        issuing_body=issuing_body,
        round_title=evaluation.round.title,
        date=day,
        total=evaluation.total,
        outcome=evaluation.outcome,
        conclusion=evaluation.conclusion,
        scores=scores,
    )
    _publish(page, parent=tree.report_index, user=user)
    evaluation.report_page = page
    evaluation.save(update_fields=["report_page"])
    return page
