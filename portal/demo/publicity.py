"""Demo of the publicity step: one list open today, one closed and
approved with its established units, computed from the real calendar on
the day the demo is seeded."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from applications.models import (
    Application,
    CandidateList,
    ClaimStatus,
    County,
    Organisation,
    Township,
)
from applications.services.candidates import candidate_list_create
from applications.services.objections import objection_submit
from applications.services.publicity import candidate_list_publish, publicity_close
from applications.uscc import uscc_check_character
from applications.workflow import State
from evaluations.services.designation import approval_record
from portal.core.selectors import workday_calendar

from .applications import demo_application_build, workshop_member

OPEN_TITLE = "【演示】保护基地备选名单（公示中）"
CLOSED_TITLE = "【演示】保护基地备选名单（已批准）"
# (first 17 characters of the code, name, township, category, ICH project)
WORKSHOPS = [
    ("91360222MA35DEM02", "【演示】瑶里青花手工坊", "瑶里镇", "transmission", "景德镇手工制瓷技艺"),
    ("91360222MA35DEM03", "【演示】浮梁茶瓷文化馆", "浮梁镇", "dissemination", "浮梁茶艺"),
    ("91360222MA35DEM04", "【演示】湘湖窑址研究所", "湘湖镇", "research", "青白瓷烧制技艺"),
    ("91360222MA35DEM05", "【演示】高岭瓷土作坊", "鹅湖镇", "production", "高岭土开采技艺"),
]
# Any PDF will do for the demo's scan of the government's approval.
DEMO_SCAN = b"%PDF-1.4\n% demo scan of the approval\n%%EOF\n"


def _workshop(first17: str, name: str, township: str) -> Organisation:
    county = County.objects.get(name="浮梁县")
    found = Township.objects.filter(county=county, name=township).first()
    organisation, _created = Organisation.objects.get_or_create(
        uscc=first17 + uscc_check_character(first17),
        defaults={
            "name": name,
            "county": county,
            "township": found or Township.objects.filter(county=county).first(),
            "address": f"浮梁县{township}（演示地址）",
            "contact_name": "演示联系人",
            "contact_phone": "0798-0000009",
            "contact_email": "workshop@example.invalid",
            "claim_status": ClaimStatus.CONFIRMED,
        },
    )
    return organisation


def _reviewed(
    organisation: Organisation, user, category: str, project: str, seed: int, expert
) -> Application:
    """A complete application taken by the services through the review."""
    return demo_application_build(
        organisation=organisation,
        applicant=user,
        reviewer=_reviewer(),
        expert=expert,
        category=category,
        project=project,
        until=State.REVIEWED,
        seed=seed,
    )


def _reviewer():
    return get_user_model().objects.get(username="demo-reviewer")


def demo_workshops() -> list[Organisation]:
    """The four demo workshops (created once)."""
    return [_workshop(*w[:3]) for w in WORKSHOPS]


def _days_back(today: datetime.date, working_days: int) -> datetime.date:
    """Returns the latest day with ``working_days`` working days from it to
    today, so that a window published then is open today."""
    calendar = workday_calendar()
    day = today
    while calendar.working_days_between(day, today) < working_days:
        day -= datetime.timedelta(days=1)
    return day


def _backdate(candidate_list: CandidateList, published_on: datetime.date) -> None:
    """Moves a list published today back to ``published_on``, as if it had
    been published then: its window, computed again on the calendar from
    that day, and its notice's date and address. Demo history only: the
    real service never publishes in the past."""
    candidate_list.refresh_from_db()
    period = candidate_list.period
    window = workday_calendar().window(published_on, period.working_days, period.first_day_rule)
    period.anchor_date = published_on
    period.start_date, period.end_date, period.provisional = (
        window.start,
        window.end,
        window.provisional,
    )
    period.save(update_fields=["anchor_date", "start_date", "end_date", "provisional"])
    candidate_list.published_on = published_on
    candidate_list.save(update_fields=["published_on"])
    page = candidate_list.publicity_page.specific
    page.date = published_on
    page.slug = f"{published_on:%Y%m%d}-{candidate_list.pk}"
    page.save_revision().publish()


def demo_publicity_seed(*, reviewer: AbstractBaseUser, applicant: AbstractBaseUser) -> bool:
    """Creates the two demo publicity lists (once); returns True if it did."""
    if CandidateList.objects.filter(title__in=[OPEN_TITLE, CLOSED_TITLE]).exists():
        return False
    today = timezone.localdate()
    now = timezone.now()
    expert = get_user_model().objects.filter(username="demo-expert").first()
    workshops = [(o, w[3], w[4]) for o, w in zip(demo_workshops(), WORKSHOPS, strict=True)]

    # Closed and approved: published about eleven weeks ago.
    closed_apps = [
        _reviewed(o, workshop_member(o), c, p, n, expert)
        for n, (o, c, p) in enumerate(workshops[2:])
    ]
    closed = candidate_list_create(
        user=reviewer,
        title=CLOSED_TITLE,
        kind="base",
        decision="【演示】局务会议研究确定",
        applications=closed_apps,
    )
    candidate_list_publish(
        candidate_list=closed,
        user=reviewer,
        title=f"{CLOSED_TITLE}公示",
        document_number="【演示】景文旅字〔示〕1号",
        body="<p>【演示】经材料审核、实地考察、听取意见、论证评审，现将以下备选名单向社会公示。</p>",
        contact="景德镇市文化广电新闻出版旅游局（演示）\n电话：0798-0000000",
    )
    _backdate(closed, today - datetime.timedelta(days=77))
    closed.refresh_from_db()
    publicity_close(candidate_list_id=closed.pk, now=now)
    approval_record(
        candidate_list=closed,
        user=reviewer,
        document_number="【演示】景府字〔示〕1号",
        approved_on=min(today, closed.period.end_date + datetime.timedelta(days=7)),
        scan=SimpleUploadedFile("批复（演示）.pdf", DEMO_SCAN, content_type="application/pdf"),
        applications=closed_apps,
        now=now,
    )

    # Open today: the demo applicant's workshop and two others.
    own = applicant.organisations.first()
    open_apps = (
        [_reviewed(own, applicant, "production", "景德镇手工制瓷技艺", 5, expert)] if own else []
    )
    open_apps += [
        _reviewed(o, workshop_member(o), c, p, n + 6, expert)
        for n, (o, c, p) in enumerate(workshops[:2])
    ]
    open_list = candidate_list_create(
        user=reviewer,
        title=OPEN_TITLE,
        kind="base",
        decision="【演示】局务会议研究确定",
        applications=open_apps,
    )
    candidate_list_publish(
        candidate_list=open_list,
        user=reviewer,
        title=f"{OPEN_TITLE}公示",
        document_number="【演示】景文旅字〔示〕2号",
        body="<p>【演示】现将以下保护基地备选名单向社会公示，欢迎社会各界监督。</p>",
        contact="景德镇市文化广电新闻出版旅游局（演示）\n电话：0798-0000000",
    )
    _backdate(open_list, _days_back(today, 5))
    objection_submit(
        candidate_list=open_list,
        application_id=open_apps[-1].pk,
        name="【演示】异议人",
        phone="0798-0000008",
        email="",
        grounds="【演示】该单位展示场馆面积与申报材料不一致，请核查。",
        now=now,
    )
    return True
