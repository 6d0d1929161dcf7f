"""The site tree: the home page and its indexes."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import GroupPagePermission, Page, Site

from applications.roles import Role, role_group

from ..models import (
    EvaluationReportIndexPage,
    HomePage,
    MeasureIndexPage,
    NoticeIndexPage,
    PublicityIndexPage,
    UnitDirectoryPage,
)


@dataclass
class SiteTree:
    home: HomePage
    measure_index: MeasureIndexPage
    notice_index: NoticeIndexPage
    publicity_index: PublicityIndexPage
    directory: UnitDirectoryPage
    report_index: EvaluationReportIndexPage


REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")

# The English title of the home page, shown on the English site (/en/).
HOME_TITLE_EN = "National Jingdezhen Ceramic Cultural Ecology Protection Experimental Zone"


@transaction.atomic
def site_tree_ensure() -> SiteTree:
    """Returns the site's home and its indexes (measures, notices, publicity,
    the directory, evaluation reports), creating whichever is missing, with
    its Chinese and English titles, and pointing the default site at the
    home page.

    Idempotent. Replaces Wagtail's placeholder welcome page on a new
    database, and gives the municipal reviewers' group the right to edit
    and publish pages under the home page."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        # Wagtail's first migration leaves a bare "Welcome" page that holds
        # the slug we want; it has no content of ours, so it goes.
        for placeholder in root.get_children().exact_type(Page):
            if not placeholder.get_children().exists():
                placeholder.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title=settings.WAGTAIL_SITE_NAME, title_en=HOME_TITLE_EN, slug="home")
        )
        log(instance=home, action="portal.site.setup")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()

    measure_index = MeasureIndexPage.objects.child_of(home).first()
    if measure_index is None:
        measure_index = home.add_child(
            instance=MeasureIndexPage(
                title="管理办法", title_en="The measures", slug="measures", show_in_menus=True
            )
        )
    notice_index = NoticeIndexPage.objects.child_of(home).first()
    if notice_index is None:
        notice_index = home.add_child(
            instance=NoticeIndexPage(
                title="通知公告", title_en="Notices", slug="notices", show_in_menus=True
            )
        )
    publicity_index = PublicityIndexPage.objects.child_of(home).first()
    if publicity_index is None:
        publicity_index = home.add_child(
            instance=PublicityIndexPage(
                title="公示公告", title_en="Publicity", slug="publicity", show_in_menus=True
            )
        )
    directory = UnitDirectoryPage.objects.child_of(home).first()
    if directory is None:
        directory = home.add_child(
            instance=UnitDirectoryPage(
                title="保护区和保护基地名录",
                title_en="Directory of reserves and protection bases",
                slug="directory",
                show_in_menus=True,
            )
        )
    report_index = EvaluationReportIndexPage.objects.child_of(home).first()
    if report_index is None:
        report_index = home.add_child(
            instance=EvaluationReportIndexPage(
                title="评估报告",
                title_en="Evaluation reports",
                slug="reports",
                show_in_menus=True,
            )
        )

    reviewers = role_group(Role.MUNICIPAL_REVIEWER)
    if reviewers is not None:
        for permission in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=REVIEWER_PAGE_PERMISSIONS
        ):
            GroupPagePermission.objects.get_or_create(
                group=reviewers, page=home, permission=permission
            )
    return SiteTree(
        home=home,
        measure_index=measure_index,
        notice_index=notice_index,
        publicity_index=publicity_index,
        directory=directory,
        report_index=report_index,
    )
