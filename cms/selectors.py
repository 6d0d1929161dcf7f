"""Reads of public content, for pages and commands."""

import datetime

from django.db.models import Count
from wagtail.models import Site

from applications.selectors import publicity_status

# From the models' modules, not the package: the page models read these
# selectors in their get_context (by module, ``from .. import selectors``),
# so this module may be imported while cms.models is still loading.
from .models.directory import UnitDirectoryPage
from .models.measures import MeasureIndexPage, MeasurePage, MeasureStatus
from .models.notices import NoticeIndexPage, NoticePage
from .models.publicity import PublicityPage
from .models.settings import PortalSettings


def measure_in_force() -> MeasurePage | None:
    """Returns the live version of the measures in force, or None if there
    is none. With several marked in force, the latest effective wins."""
    return (
        MeasurePage.objects.live()
        .filter(status=MeasureStatus.IN_FORCE)
        .order_by("-effective_date", "-pk")
        .first()
    )


def measure_index() -> MeasureIndexPage | None:
    """Returns the live measures index page, if the site has one."""
    return MeasureIndexPage.objects.live().first()


def notice_index() -> NoticeIndexPage | None:
    """Returns the first live notice index page, if the site has one."""
    return NoticeIndexPage.objects.live().order_by("path").first()


def notice_list_latest(*, limit: int) -> list[NoticePage]:
    """Returns up to ``limit`` live public notices, newest first."""
    return list(NoticePage.objects.live().public().order_by("-date", "-pk")[:limit])


def portal_settings():
    """Returns the bureau's site settings of the default site (created with
    their defaults on first use)."""
    return PortalSettings.for_site(Site.objects.filter(is_default_site=True).first())


def unit_directory():
    """Returns the live directory of established units, if the site has one."""
    return UnitDirectoryPage.objects.live().first()


def publicity_listing(*, index=None, now: datetime.datetime | None = None) -> list[dict]:
    """Returns every live publicity page (under ``index`` when given),
    newest first, each with its PeriodStatus and candidate count."""
    pages = PublicityPage.objects.live().public().select_related("candidate_list__period")
    if index is not None:
        pages = pages.child_of(index)
    pages = pages.annotate(candidates=Count("candidate_list__applications")).order_by(
        "-date", "-pk"
    )
    return [
        {
            "page": page,
            "status": publicity_status(candidate_list=page.candidate_list, now=now),
            "candidates": page.candidates,
        }
        for page in pages
    ]


def publicity_open_now(*, now: datetime.datetime | None = None) -> list[dict]:
    """Returns the publicity lists whose window is open at ``now``."""
    return [e for e in publicity_listing(now=now) if e["status"] and e["status"].is_open]
