"""``/publicity``: the published candidate lists (公示), their windows and
candidates."""

import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from applications.selectors import publicity_candidates, publicity_status
from cms.models import PublicityPage

from .common import REFUSALS, ErrorOut, Pagination, directory_url, page_url, paginated, unit_url

router = Router()


class WindowOut(Schema):
    start: datetime.date = Field(description="First day of the window")
    end: datetime.date = Field(description="Last day; the window closes at 24:00 Beijing time")
    provisional: bool = Field(
        description="True while the year's official holiday arrangement is not published"
    )
    working_days: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime


class CandidateOut(Schema):
    name: str
    category: str
    county: str
    townships: list[str]
    ich_projects: list[str]
    outcome: str | None = Field(description="Where the candidate stands; only once closed")
    outcome_label: str | None
    unit_code: str | None = Field(description="Certificate number once established")
    unit_url: str | None


class PublicityOut(Schema):
    id: int
    title: str
    url: str
    document_number: str
    issuing_body: str
    published_on: datetime.date
    window: WindowOut
    state: Literal["pending", "open", "closed"]
    working_days_left: int | None = Field(description="While open, today included")
    objections: int | None = Field(
        description="Objections received in the window; only after it has closed"
    )
    candidates: list[CandidateOut]


class PublicityList(Schema):
    count: int
    limit: int
    offset: int
    items: list[PublicityOut]


def _publicity(request: HttpRequest, page, directory: str | None) -> dict:
    # Each field named, from public facts only.
    candidate_list = page.candidate_list
    status = publicity_status(candidate_list=candidate_list)
    closed = status.state == "closed"
    candidates = []
    for row in publicity_candidates(candidate_list=candidate_list):
        unit = row["unit"]
        candidates.append(
            {
                "name": row["name"],
                "category": str(row["category"]),
                "county": row["county"],
                "townships": row["townships"],
                "ich_projects": row["projects"],
                # Like the page: the outcome only once the window is over.
                "outcome": row["status"] if closed else None,
                "outcome_label": str(row["status_label"]) if closed else None,
                "unit_code": unit.code if unit else None,
                "unit_url": unit_url(directory, unit.code) if unit else None,
            }
        )
    return {
        "id": page.pk,
        "title": page.title,
        "url": page_url(request, page),
        "document_number": page.document_number,
        "issuing_body": page.issuing_body,
        "published_on": page.date,
        "window": {
            "start": status.start,
            "end": status.end,
            "provisional": status.provisional,
            "working_days": candidate_list.period.working_days,
            "opens_at": status.opens_at,
            "closes_at": status.closes_at,
        },
        "state": status.state,
        "working_days_left": status.working_days_left,
        # A running count would tell objectors how many others there are
        # while the window is open; the page shows it after closing too.
        "objections": candidate_list.objections_at_close if closed else None,
        "candidates": candidates,
    }


def _publicity_pages():
    return (
        PublicityPage.objects.live()
        .public()
        .select_related("candidate_list__period")
        .order_by("-date", "-pk")
    )


@router.get(
    "/publicity",
    response={200: PublicityList, **REFUSALS},
    tags=["publicity"],
    summary="Publicity lists",
)
def publicity_list(request: HttpRequest, pagination: Query[Pagination]):
    """Every published candidate list (公示), open and closed, newest first:
    its window, its state now, its candidates."""
    directory = directory_url(request)
    return paginated(
        _publicity_pages(), pagination, lambda page: _publicity(request, page, directory)
    )


@router.get(
    "/publicity/{id}",
    response={200: PublicityOut, 404: ErrorOut, **REFUSALS},
    tags=["publicity"],
    summary="One publicity list",
)
def publicity_detail(
    request: HttpRequest,
    # Page ids are 32-bit: a larger number is refused (422), not a 500.
    id: int = Path(..., ge=1, le=2**31 - 1),
):
    """One publicity list, by the id the list gives."""
    page = _publicity_pages().filter(pk=id).first()
    if page is None:
        raise Http404(_("There is no publicity list %(id)s.") % {"id": id})
    return _publicity(request, page, directory_url(request))
