"""Page models of the public site, split by concern and re-exported here."""

from .directory import UnitDirectoryPage
from .home import HomePage
from .measures import (
    MeasureIndexPage,
    MeasurePage,
    MeasurePdf,
    MeasureStatus,
)
from .notices import NoticeIndexPage, NoticePage
from .publicity import PublicityIndexPage, PublicityPage
from .reports import EvaluationReportIndexPage, EvaluationReportPage
from .settings import PortalSettings

__all__ = [
    "EvaluationReportIndexPage",
    "EvaluationReportPage",
    "HomePage",
    "MeasureIndexPage",
    "MeasurePage",
    "MeasurePdf",
    "MeasureStatus",
    "NoticeIndexPage",
    "NoticePage",
    "PortalSettings",
    "PublicityIndexPage",
    "PublicityPage",
    "UnitDirectoryPage",
]
