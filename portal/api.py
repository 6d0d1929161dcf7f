"""The open data API, ``/api/v1/``: read-only JSON of what the public may
read on the site — the directory of established units, the publicity lists
and the notices.

Every response is built field by field from public facts (no model is
serialised whole), so a field added to a model never leaks by itself: no
objector's or commenter's identity, no organisation's contact, address or
统一社会信用代码, nothing of any user. Lists are paginated (``limit`` /
``offset``, with ``count``); answers may be cached for five minutes by
browsers and proxies and carry an ETag; each address may ask 600 times an
hour. The schema is at ``/api/v1/openapi.json``, its documentation at
``/api/v1/docs``.
"""

import datetime
import hashlib
import logging
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import Throttled
from ninja.renderers import JSONRenderer
from ninja.throttling import BaseThrottle

from .core.ratelimit import client_address, rate_limited
from .search.registry import search_html_to_text

API_CACHE_SECONDS = 300
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Far beyond any list the portal has; larger numbers overflow the database.
MAX_OFFSET = 1_000_000
# Per client address, in a fixed window (portal.ratelimit).
RATE_LIMIT = 600
RATE_PERIOD = 3600

logger = logging.getLogger(__name__)

UnitKind = Literal["base", "reserve"]
UnitCategory = Literal["production", "transmission", "dissemination", "research"]
UnitStatusValue = Literal["experimental_zone", "protection_zone", "designated_base", "delisted"]


class UnicodeJSONRenderer(JSONRenderer):
    # Chinese as UTF-8, not \\u escapes: readable, and a third smaller.
    json_dumps_params = {"ensure_ascii": False}


class AddressThrottle(BaseThrottle):
    """At most RATE_LIMIT requests per client address in RATE_PERIOD
    seconds, counted in the shared cache like the public forms' limits."""

    def allow_request(self, request: HttpRequest) -> bool:
        try:
            return not rate_limited(
                scope="api", limit=RATE_LIMIT, period=RATE_PERIOD, key=client_address(request)
            )
        except Exception:
            # The cache is down: open data stays open rather than failing.
            logger.warning("api: rate limit not counted", exc_info=True)
            return True


class PublicAPI(NinjaAPI):
    """A NinjaAPI whose successful answers say they may be cached by anyone
    for API_CACHE_SECONDS, with an ETag of their content; a request whose
    If-None-Match names it gets 304 Not Modified."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if response.status_code != 200 or request.method not in ("GET", "HEAD"):
            # Errors (404, 422, 429) are not worth keeping anywhere.
            patch_cache_control(response, no_store=True)
            return response
        patch_cache_control(response, public=True, max_age=API_CACHE_SECONDS)
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        return _conditional(request, response)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Returns 304 Not Modified when the request's If-None-Match names the
    response's ETag, else the response."""
    not_modified = get_conditional_response(request, etag=response["ETag"], response=response)
    return not_modified or response


api = PublicAPI(
    title="景德镇陶瓷文化生态保护实验区开放数据 / Open data API",
    version="1",
    description=(
        "Read-only public data of the National Jingdezhen Ceramic Cultural Ecology "
        "Protection Experimental Zone: established units, publicity lists, notices. "
        f"Lists take limit (1–{MAX_LIMIT}, default {DEFAULT_LIMIT}) and offset and "
        f"give count; at most {RATE_LIMIT} requests an hour per address."
    ),
    urls_namespace="api_v1",
    renderer=UnicodeJSONRenderer(),
    throttle=[AddressThrottle()],
)


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    return api.create_response(
        request,
        {
            "detail": _(
                "Too many requests from your address (at most %(limit)d an hour). "
                "Please wait and try again later."
            )
            % {"limit": RATE_LIMIT}
        },
        status=429,
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


# Schemas ---------------------------------------------------------------------


class Pagination(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


class UnitFilters(Schema):
    kind: UnitKind | None = Field(None, description="base (保护基地) or reserve (保护区)")
    category: UnitCategory | None = Field(None, description="A base's category")
    county: str | None = Field(None, description="County name (浮梁县) or division code")
    status: UnitStatusValue | None = None


class UnitOut(Schema):
    code: str = Field(description="Certificate number")
    name: str
    organisation: str = Field(description="The name of the organisation running it")
    kind: UnitKind
    kind_label: str
    category: UnitCategory | Literal[""]
    category_label: str
    status: UnitStatusValue
    status_label: str
    county: str
    townships: list[str]
    established_on: datetime.date
    delisted_on: datetime.date | None
    ich_projects: list[str] = Field(description="Names of the unit's ICH projects")
    url: str | None = Field(description="The unit's page in the public directory")


class UnitList(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


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


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(description="What is wrong with which parameter")


# Every endpoint may refuse bad parameters (422) and too many requests (429).
REFUSALS = {422: ValidationErrorOut, 429: ErrorOut}


# Building the answers: each field named, from public facts only --------------


def _directory_url(request: HttpRequest) -> str | None:
    from cms.selectors import unit_directory

    directory = unit_directory()
    url = directory.get_url(request) if directory else None
    return request.build_absolute_uri(url) if url else None


def _unit_url(directory_url: str | None, code: str) -> str | None:
    return f"{directory_url}{code}/" if directory_url else None


def _unit(unit, directory_url: str | None) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "organisation": unit.organisation.name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "category": unit.category,
        "category_label": str(unit.get_category_display()) if unit.category else "",
        "status": unit.status,
        "status_label": str(unit.get_status_display()),
        "county": unit.county.name,
        "townships": [t.name for t in unit.townships.all()],
        "established_on": unit.established_on,
        "delisted_on": unit.delisted_on,
        "ich_projects": [
            p["name"] for p in unit.ich_projects if isinstance(p, dict) and p.get("name")
        ],
        "url": _unit_url(directory_url, unit.code),
    }


def _page_url(request: HttpRequest, page) -> str:
    return request.build_absolute_uri(page.get_url(request))


def _publicity(request: HttpRequest, page, directory_url: str | None) -> dict:
    from applications.selectors import publicity_candidates, publicity_status

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
                "unit_url": _unit_url(directory_url, unit.code) if unit else None,
            }
        )
    return {
        "id": page.pk,
        "title": page.title,
        "url": _page_url(request, page),
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


def _notice(request: HttpRequest, page) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "date": page.date,
        "document_number": page.document_number,
        "issuing_body": page.issuing_body,
        "url": _page_url(request, page),
        "text": search_html_to_text(page.body),
    }


def _paginated(queryset, pagination: Pagination, build) -> dict:
    items = queryset[pagination.offset : pagination.offset + pagination.limit]
    return {
        "count": queryset.count(),
        "limit": pagination.limit,
        "offset": pagination.offset,
        "items": [build(item) for item in items],
    }


def _units_public():
    from evaluations.selectors import unit_list_public

    return unit_list_public().select_related("organisation")


def _publicity_pages():
    from cms.models import PublicityPage

    return (
        PublicityPage.objects.live()
        .public()
        .select_related("candidate_list__period")
        .order_by("-date", "-pk")
    )


def _notice_pages():
    from cms.models import NoticePage

    return NoticePage.objects.live().public().order_by("-date", "-pk")


# Endpoints -------------------------------------------------------------------


@api.get(
    "/units", response={200: UnitList, **REFUSALS}, tags=["units"], summary="Established units"
)
def unit_list(
    request: HttpRequest,
    filters: Query[UnitFilters],
    pagination: Query[Pagination],
):
    """The directory of established reserves and bases (delisted ones too),
    newest first."""
    from django.db.models import Q

    units = _units_public()
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.category:
        units = units.filter(category=filters.category)
    if filters.status:
        units = units.filter(status=filters.status)
    if filters.county:
        units = units.filter(Q(county__name=filters.county) | Q(county__code=filters.county))
    directory_url = _directory_url(request)
    return _paginated(units, pagination, lambda unit: _unit(unit, directory_url))


@api.get(
    "/units/{code}",
    response={200: UnitOut, 404: ErrorOut, **REFUSALS},
    tags=["units"],
    summary="One established unit",
)
def unit_detail(request: HttpRequest, code: str):
    """One established unit, by its certificate number."""
    unit = _units_public().filter(code=code).first()
    if unit is None:
        raise Http404(
            _("No established unit has the certificate number %(code)s.") % {"code": code}
        )
    return _unit(unit, _directory_url(request))


@api.get(
    "/publicity",
    response={200: PublicityList, **REFUSALS},
    tags=["publicity"],
    summary="Publicity lists",
)
def publicity_list(request: HttpRequest, pagination: Query[Pagination]):
    """Every published candidate list (公示), open and closed, newest first:
    its window, its state now, its candidates."""
    directory_url = _directory_url(request)
    return _paginated(
        _publicity_pages(), pagination, lambda page: _publicity(request, page, directory_url)
    )


@api.get(
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
    return _publicity(request, page, _directory_url(request))


@api.get("/notices", response={200: NoticeList, **REFUSALS}, tags=["notices"], summary="Notices")
def notice_list(request: HttpRequest, pagination: Query[Pagination]):
    """The public notices (通知公告), newest first."""
    return _paginated(_notice_pages(), pagination, lambda page: _notice(request, page))
