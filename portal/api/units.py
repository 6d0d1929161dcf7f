"""``/units``: the directory of established units."""

import datetime
from typing import Literal

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from evaluations.models import ProtectedUnit
from evaluations.selectors import unit_list_public

from .common import REFUSALS, ErrorOut, Pagination, directory_url, paginated, unit_url

UnitKind = Literal["base", "reserve"]
UnitCategory = Literal["production", "transmission", "dissemination", "research"]
UnitStatusValue = Literal["experimental_zone", "protection_zone", "designated_base", "delisted"]

router = Router()


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
    county: str = Field(description="The lead county (the organisation's)")
    counties: list[str] = Field(
        description="Every county the unit lies in, the lead county first (a reserve may span "
        "several, 第六条（一）)"
    )
    townships: list[str]
    established_on: datetime.date
    delisted_on: datetime.date | None
    ich_projects: list[str] = Field(description="Names of the unit's ICH projects")
    url: str | None = Field(description="The unit's page in the public directory")
    verification_url: str = Field(
        description="The public page that verifies the unit's certificate and plaque (their QR "
        "code leads there)"
    )


class UnitList(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


def _unit(request: HttpRequest, unit, directory: str | None) -> dict:
    # Each field named, from public facts only.
    others = sorted(
        (c for c in unit.counties.all() if c.pk != unit.county_id), key=lambda c: c.code
    )
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
        "counties": [unit.county.name, *(c.name for c in others)],
        "townships": [t.name for t in unit.townships.all()],
        "established_on": unit.established_on,
        "delisted_on": unit.delisted_on,
        "ich_projects": [
            p["name"] for p in unit.ich_projects if isinstance(p, dict) and p.get("name")
        ],
        "url": unit_url(directory, unit.code),
        "verification_url": request.build_absolute_uri(
            reverse("unit_verify", args=[unit.verification_code])
        ),
    }


def _units_public():
    return unit_list_public().select_related("organisation")


@router.get(
    "/units", response={200: UnitList, **REFUSALS}, tags=["units"], summary="Established units"
)
def unit_list(
    request: HttpRequest,
    filters: Query[UnitFilters],
    pagination: Query[Pagination],
):
    """The directory of established reserves and bases (delisted ones too),
    newest first."""
    units = _units_public()
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.category:
        units = units.filter(category=filters.category)
    if filters.status:
        units = units.filter(status=filters.status)
    if filters.county:
        # Any of the unit's counties (a reserve may span several).
        units = units.filter(
            pk__in=ProtectedUnit.objects.filter(
                Q(county__name=filters.county)
                | Q(county__code=filters.county)
                | Q(counties__name=filters.county)
                | Q(counties__code=filters.county)
            ).values("pk")
        )
    directory = directory_url(request)
    return paginated(units, pagination, lambda unit: _unit(request, unit, directory))


@router.get(
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
    return _unit(request, unit, directory_url(request))
