"""``/notices``: the public notices (通知公告)."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from cms.models import NoticePage
from portal.search.registry import search_html_to_text

from .common import REFUSALS, Pagination, page_url, paginated

router = Router()


class NoticeOut(Schema):
    id: int
    title: str
    date: datetime.date
    document_number: str
    issuing_body: str
    url: str
    text: str = Field(description="The notice's text, without markup")


class NoticeList(Schema):
    count: int
    limit: int
    offset: int
    items: list[NoticeOut]


def _notice(request: HttpRequest, page) -> dict:
    # Each field named, from public facts only.
    return {
        "id": page.pk,
        "title": page.title,
        "date": page.date,
        "document_number": page.document_number,
        "issuing_body": page.issuing_body,
        "url": page_url(request, page),
        "text": search_html_to_text(page.body),
    }


def _notice_pages():
    return NoticePage.objects.live().public().order_by("-date", "-pk")


@router.get("/notices", response={200: NoticeList, **REFUSALS}, tags=["notices"], summary="Notices")
def notice_list(request: HttpRequest, pagination: Query[Pagination]):
    """The public notices (通知公告), newest first."""
    return paginated(_notice_pages(), pagination, lambda page: _notice(request, page))
