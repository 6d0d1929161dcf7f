"""What the resources of the open data API share: paging, the error
schemas, and the public addresses their answers link to."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from cms.selectors import unit_directory

from .base import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET


class Pagination(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]] = Field(description="What is wrong with which parameter")


# Every endpoint may refuse bad parameters (422) and too many requests (429).
REFUSALS = {422: ValidationErrorOut, 429: ErrorOut}


def paginated(queryset, pagination: Pagination, build) -> dict:
    """Returns one page of ``queryset``, each item built by ``build``, with
    the total count."""
    items = queryset[pagination.offset : pagination.offset + pagination.limit]
    return {
        "count": queryset.count(),
        "limit": pagination.limit,
        "offset": pagination.offset,
        "items": [build(item) for item in items],
    }


def directory_url(request: HttpRequest) -> str | None:
    """Returns the absolute URL of the public directory of units, or None
    while the site has none."""
    directory = unit_directory()
    url = directory.get_url(request) if directory else None
    return request.build_absolute_uri(url) if url else None


def unit_url(directory_url: str | None, code: str) -> str | None:
    """Returns the absolute URL of a unit's page in the directory."""
    return f"{directory_url}{code}/" if directory_url else None


def page_url(request: HttpRequest, page) -> str:
    return request.build_absolute_uri(page.get_url(request))
