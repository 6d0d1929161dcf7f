"""Reads of public content, for pages and commands."""

from .models import MeasureIndexPage, MeasurePage, MeasureStatus, NoticeIndexPage, NoticePage


def measure_in_force() -> MeasurePage | None:
    """Returns the live version of the measures in force, or None if there
    is none. With several marked in force, the latest effective wins."""
    return (
        MeasurePage.objects.live()
        .filter(status=MeasureStatus.IN_FORCE)
        .order_by("-effective_date", "-pk")
        .first()
    )


def measure_on(*, day) -> MeasurePage | None:
    """Returns the live version of the measures whose effective date is the
    latest on or before ``day`` (the one an application made that day is
    judged by), or None."""
    return (
        MeasurePage.objects.live()
        .filter(effective_date__lte=day)
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
    from wagtail.models import Site

    from .models import PortalSettings

    return PortalSettings.for_site(Site.objects.filter(is_default_site=True).first())


def unit_directory():
    """Returns the live directory of established units, if the site has one."""
    from .models import UnitDirectoryPage

    return UnitDirectoryPage.objects.live().first()
