"""Fixtures shared by the whole suite."""

import datetime
import importlib
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from cms.services import measure_import, site_tree_ensure

MEASURES_2020 = Path(settings.BASE_DIR) / "cms" / "data" / "measures-2020.md"


@pytest.fixture(scope="session", autouse=True)
def _empty_test_media():
    """Each run starts with no uploaded or rendered files."""
    assert "test" in str(settings.MEDIA_ROOT)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def measures_2020_bytes() -> bytes:
    return MEASURES_2020.read_bytes()


@pytest.fixture
def committed_db(transactional_db):
    """A database whose writes are committed (for a live server thread or a
    worker process to see).

    Transactional tests end by emptying every table, which also removes what
    the data migrations made; this puts that back first: Wagtail's root page
    and default locale, the role groups, counties, scoring criteria and
    evaluation indicators."""
    from django.apps import apps
    from django.conf import settings as django_settings
    from wagtail.models import Locale, Page

    roles = importlib.import_module("applications.migrations.0001_roles")
    if not Locale.objects.exists():
        Locale.objects.create(language_code=django_settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    roles.roles_create(apps, None)
    # The data migrations' reference data: counties, scoring criteria and
    # evaluation indicators (each loader leaves existing rows alone).
    County = apps.get_model("applications", "County")
    if not County.objects.exists():
        importlib.import_module("applications.migrations.0003_load_divisions").divisions_load(
            apps, None
        )
    importlib.import_module("applications.migrations.0010_seed_scoring_criteria").criteria_seed(
        apps, None
    )
    importlib.import_module("evaluations.migrations.0002_seed_indicators").indicators_seed(
        apps, None
    )


@pytest.fixture
def site_tree(db):
    return site_tree_ensure()


@pytest.fixture
def measure_2020(db, measures_2020_bytes):
    """The 2020 measures, imported and published."""
    return measure_import(data=measures_2020_bytes, source=MEASURES_2020.name).page


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with an empty cache (rate-limit counters, the
    calendar's version) and builds the calendar from its own database."""
    from django.core.cache import cache

    from portal.core.selectors import _state

    cache.clear()
    _state["calendar"] = None
    yield
    _state["calendar"] = None


@pytest.fixture
def still_clock():
    """The clock stopped at a Monday morning for the whole test.

    django-ratelimit counts in fixed windows aligned to the clock: a test
    that sends a limit's worth of requests in real time fails now and then,
    when a window happens to end halfway through it (CI saw the 31st
    sign-in answered 200 instead of 429). With the clock stopped no window
    ends, so such a test counts the same on every run."""
    instant = datetime.datetime(2025, 9, 22, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(instant, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _chinese_first():
    """Each test starts in the site's language (Chinese), whatever an
    earlier test or request activated, and leaves it so."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organisation(db):
    """A registered workshop (no members yet)."""
    from tests.factories import OrganisationFactory

    return OrganisationFactory()


@pytest.fixture
def publicise(db, site_tree):
    """Returns a function that puts ``n`` reviewed base applications (of
    production, naming 景德镇手工制瓷技艺, numbered JDZ-JD-<year>-0001 up) on a
    candidate list and publishes it on ``day`` (the clock must be at or
    before that day); returns (candidate list, page, reviewer)."""
    from applications.roles import Role
    from applications.services.candidates import candidate_list_create
    from applications.services.publicity import candidate_list_publish
    from applications.workflow import State
    from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

    def publish(day, n=2):
        reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
        applications = []
        for i in range(n):
            organisation = OrganisationFactory(
                uscc=USCCS[i], name=["瑶里古窑瓷业有限公司", "湖田青白瓷研究所", "浮梁传承工坊"][i]
            )
            applicant = UserFactory(roles=[Role.APPLICANT])
            organisation.members.add(applicant)
            applications.append(
                ApplicationFactory(
                    category="production",
                    organisation=organisation,
                    created_by=applicant,
                    status=State.REVIEWED,
                    number=i + 1,
                    year=day.year,
                    with_craft=True,
                )
            )
        candidates = candidate_list_create(
            user=reviewer,
            title=f"{day.year}年第一批保护基地备选名单",
            kind="base",
            decision="局务会议研究确定",
            applications=applications,
        )
        candidate_list_publish(
            candidate_list=candidates,
            user=reviewer,
            title=f"{day.year}年第一批保护基地备选名单公示",
            document_number=f"景文旅字〔{day.year}〕88号",
            body="<p>经材料审核、实地考察、听取意见和论证评审，现将备选名单予以公示。</p>",
            contact="景德镇市文化广电新闻出版旅游局非遗科\n电话：0798-8888888",
            published_on=day,
        )
        candidates.refresh_from_db()
        return candidates, candidates.publicity_page.specific, reviewer

    return publish


# Valid 统一社会信用代码 (GB 32100-2015 check characters).
USCCS = ["91350100M000100Y43", "91360222MA35XXXX0X", "123602004910000006"]
