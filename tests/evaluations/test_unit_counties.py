"""A unit belongs to all its counties (第六条（一）): established with every
county of its reserve, found in the directory by any of them, listed for
and told to each county's bureau; its plan names townships and villages of
any of them. The migration fills the counties of existing units."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from applications.models import County, CountyInvolvement, Township
from applications.roles import Role
from applications.workflow import State
from evaluations.filters import UnitDirectoryFilterSet
from evaluations.models import MasterPlan, ProtectedUnit
from evaluations.selectors.dashboard import unit_counts
from evaluations.services.designation import approval_record
from evaluations.services.obligations import obligations_run
from evaluations.services.plans import plan_decide
from portal.core.models import InboxMessage
from tests.evaluations.conftest import pdf
from tests.evaluations.history import unit_history_seed
from tests.factories import ApplicationFactory, OrganisationFactory, UnitFactory, UserFactory
from tests.helpers import reserves_publish
from tests.registration import bureau_of

SHANGHAI = ZoneInfo("Asia/Shanghai")
FULIANG, LEPING = "360222", "360281"


def county(code):
    return County.objects.get(pk=code)


@pytest.fixture
def shared_zone(db, site_tree):
    """A zone led by 浮梁县's bureau spanning 乐平市, established 2024-03-15,
    with an account of each county's bureau."""
    lead = UserFactory(roles=[Role.COUNTY_BUREAU])
    unit = UnitFactory(
        kind="reserve",
        category="",
        status="experimental_zone",
        name="浮梁县、乐平市陶瓷文化生态保护实验区",
        code="2024-SYQ-001",
        established_on=datetime.date(2024, 3, 15),
        member=lead,
    )
    unit.counties.set([county(FULIANG), county(LEPING)])
    return unit, lead, bureau_of("乐平市", username="leping-bureau")


@pytest.mark.django_db
def test_a_reserve_is_established_in_every_county_that_confirmed(site_tree):
    lead = bureau_of("浮梁县", username="fuliang-bureau")
    leping = bureau_of("乐平市", username="leping-bureau")
    organisation = OrganisationFactory(name="浮梁县文化广电新闻出版旅游局", county=county(FULIANG))
    organisation.members.add(lead)
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
        application = ApplicationFactory(
            kind="reserve",
            organisation=organisation,
            created_by=lead,
            status=State.REVIEWED,
            number=1,
        )
        application.townships.set(Township.objects.filter(name__in=["瑶里镇", "洪岩镇"]))
        CountyInvolvement.objects.create(
            application=application, county=county(LEPING), asked_by=lead, status="confirmed"
        )
        candidates = reserves_publish(
            reviewer=reviewer, applications=[application], day=datetime.date(2025, 9, 22)
        )
    with time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False):
        approval_record(
            candidate_list=candidates,
            user=reviewer,
            document_number="景府字〔2025〕121号",
            approved_on=datetime.date(2025, 11, 3),
            scan=SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%scan\n"),
            applications=[application],
        )
    unit = ProtectedUnit.objects.get()
    assert unit.county_id == FULIANG  # the lead
    assert {c.pk for c in unit.counties.all()} == {FULIANG, LEPING}
    assert unit.name == "浮梁县、乐平市陶瓷文化生态保护实验区"
    # Both counties' bureaus are told the unit is established.
    for user in (lead, leping):
        assert InboxMessage.objects.filter(recipient=user, event="approval.record").exists()


@pytest.mark.django_db
def test_the_directory_finds_the_unit_by_either_county(shared_zone, client):
    unit, _lead, _leping = shared_zone
    for code in (FULIANG, LEPING):
        filters = UnitDirectoryFilterSet({"county": code}, queryset=ProtectedUnit.objects.all())
        assert filters.is_valid() and list(filters.qs) == [unit]
        page = client.get(f"/directory/?county={code}").content.decode()
        assert unit.name in page
        assert client.get("/api/v1/units", {"county": code}).json()["count"] == 1
    other = UnitDirectoryFilterSet({"county": "360203"}, queryset=ProtectedUnit.objects.all())
    assert other.is_valid() and not other.qs.exists()
    # The bureau's dashboard counts it in each of its counties.
    by_county = {t.key: t.n for t in unit_counts().by_county}
    assert by_county[FULIANG] == 1 and by_county[LEPING] == 1


@pytest.mark.django_db
def test_the_other_countys_bureau_sees_it_and_is_told_of_its_obligations(shared_zone, client):
    unit, lead, leping = shared_zone
    client.force_login(leping)
    assert f'data-unit="{unit.code}"' in client.get("/units/").content.decode()
    # Another county's bureau does not see it.
    client.force_login(bureau_of("昌江区", username="changjiang-bureau"))
    assert f'data-unit="{unit.code}"' not in client.get("/units/").content.decode()

    obligations_run(day=datetime.date(2024, 3, 15))
    assert obligations_run(day=datetime.date(2025, 3, 10)).reminders >= 1
    for user in (lead, leping):
        told = InboxMessage.objects.filter(recipient=user, event="obligation.remind")
        assert told.exists(), user
    escalated = obligations_run(day=datetime.date(2025, 3, 16))
    assert escalated.overdue >= 1
    assert InboxMessage.objects.filter(recipient=leping, event="obligation.overdue").exists()


def _plan_data(yaoli, hongyan, **more):
    """A plan of 瑶里镇 and 洪岩镇 (乐平市) with two of 洪岩镇's villages."""
    return {
        "starts_on": "2025-01-01",
        "term_years": "10",
        "near_term_years": "5",
        "mid_term_years": "3",
        "long_term_years": "2",
        "core": [yaoli.pk, hongyan.pk],
        f"villages_{hongyan.pk}": "洪岩村、仙源社区",
        "document": pdf(),
        **more,
    }


UNIT_NOTICES = ("plan.decide", "rectification.issue", "obligation.overdue")


@pytest.mark.django_db
def test_every_countys_bureau_is_told_what_the_lead_is_told(shared_zone, client):
    """The plan's acknowledgement and a rectification order reach the other
    county's bureau as they reach the lead's, like the obligations' notices;
    the lead is sent to its unit's pages, the other bureau to the unit's
    shared page, which it may read (and the outsider may not)."""
    unit, lead, leping = shared_zone
    outsider = bureau_of("昌江区", username="changjiang-bureau")
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    day = datetime.datetime(2025, 6, 2, 9, tzinfo=SHANGHAI)
    with time_machine.travel(day, tick=False):
        unit_history_seed(unit=unit, member=lead, reviewer=reviewer, day=day.date())
    for event in UNIT_NOTICES:
        told = {m.recipient for m in InboxMessage.objects.filter(event=event)}
        assert {lead, leping} <= told and outsider not in told, event
    decided = InboxMessage.objects.filter(event="plan.decide")
    assert decided.get(recipient=lead).link.endswith(f"/units/{unit.code}/")
    shared = f"/units/{unit.code}/shared/"
    for message in InboxMessage.objects.filter(recipient=leping):
        assert message.link.endswith(shared), (message.event, message.link)
    client.force_login(leping)
    page = client.get(shared)
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-shared-unit" in html
    # Read-only: nothing to file from it.
    assert f"/units/{unit.code}/plan/" not in html
    assert f"/units/{unit.code}/self-assessment/" not in html
    # The bureau reaches it from its units by clicking.
    assert f'href="{shared}"' in client.get("/units/").content.decode()
    client.force_login(outsider)
    assert client.get(shared).status_code == 404
    client.force_login(lead)
    assert client.get(shared).status_code == 404


@pytest.mark.django_db
def test_a_single_county_units_notices_stay_with_its_bureau(zone):
    unit, member, reviewer = zone
    unit.counties.set([unit.county])
    leping = bureau_of("乐平市", username="leping-bureau")
    day = datetime.datetime(2025, 6, 2, 9, tzinfo=SHANGHAI)
    with time_machine.travel(day, tick=False):
        unit_history_seed(unit=unit, member=member, reviewer=reviewer, day=day.date())
    for event in UNIT_NOTICES:
        assert InboxMessage.objects.filter(recipient=member, event=event).exists(), event
    assert not InboxMessage.objects.filter(recipient=leping).exists()


@pytest.mark.django_db
def test_the_plan_names_a_township_of_the_second_county_and_villages(shared_zone, client):
    unit, lead, _leping = shared_zone
    yaoli, hongyan = Township.objects.get(name="瑶里镇"), Township.objects.get(name="洪岩镇")
    client.force_login(lead)
    page = client.get(f"/units/{unit.code}/plan/").content.decode()
    assert f'value="{hongyan.pk}"' in page
    response = client.post(f"/units/{unit.code}/plan/", _plan_data(yaoli, hongyan))
    assert response.status_code == 302
    plan = MasterPlan.objects.get()
    assert set(plan.core_townships.all()) == {yaoli, hongyan}
    assert plan.villages == {str(hongyan.pk): ["洪岩村", "仙源社区"]}


@pytest.mark.django_db
def test_a_plan_change_keeps_the_villages_it_is_given(shared_zone, client):
    """The change form shows the plan's villages and the changed plan
    stores what it is sent, as the first filing does."""
    unit, lead, _leping = shared_zone
    yaoli, hongyan = Township.objects.get(name="瑶里镇"), Township.objects.get(name="洪岩镇")
    client.force_login(lead)
    client.post(f"/units/{unit.code}/plan/", _plan_data(yaoli, hongyan))
    plan = MasterPlan.objects.get()
    plan_decide(plan=plan, user=UserFactory(roles=[Role.MUNICIPAL_REVIEWER]), filed=True)
    page = client.get(f"/units/{unit.code}/plan/change/").content.decode()
    assert f'name="villages_{hongyan.pk}"' in page and "洪岩村、仙源社区" in page
    sent = client.post(
        f"/units/{unit.code}/plan/change/",
        _plan_data(
            yaoli,
            hongyan,
            **{f"villages_{hongyan.pk}": "洪岩村、仙源社区、高岭村"},
            reason="新增核心区村落",
            consultation=pdf(),
            consent=pdf(),
        ),
    )
    assert sent.status_code == 302
    changed = MasterPlan.objects.get(replaces=plan)
    assert changed.villages == {str(hongyan.pk): ["洪岩村", "仙源社区", "高岭村"]}


@pytest.mark.django_db
def test_a_single_county_units_plan_refuses_another_countys_township(zone, client):
    unit, member, _reviewer = zone
    unit.counties.set([unit.county])
    client.force_login(member)
    hongyan = Township.objects.get(name="洪岩镇")
    assert f'value="{hongyan.pk}"' not in client.get(f"/units/{unit.code}/plan/").content.decode()


BEFORE = ("evaluations", "0004_units_from_applications")


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrator(committed_db):
    from django.contrib.contenttypes.models import ContentType

    try:
        yield _migrate
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()


def test_the_migration_fills_the_counties_from_the_county(migrator):
    # Every other app stays at its newest migration.
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    apps = migrator([BEFORE, *(node for node in leaves if node[0] != "evaluations")])
    Organisation = apps.get_model("applications", "Organisation")
    HistoricalUnit = apps.get_model("evaluations", "ProtectedUnit")
    HistoricalCounty = apps.get_model("applications", "County")
    leping = HistoricalCounty.objects.get(pk=LEPING)
    organisation = Organisation.objects.create(
        uscc="91360222MA35XXXX0X",
        name="乐平市文化广电新闻出版旅游局",
        address="乐平市",
        contact_name="李科长",
        contact_phone="0798-1",
        contact_email="leping@example.invalid",
        county=leping,
    )
    HistoricalUnit.objects.create(
        code="2021-SYQ-001",
        name="乐平市陶瓷文化生态保护实验区",
        kind="reserve",
        status="experimental_zone",
        organisation=organisation,
        county=leping,
        established_on=datetime.date(2021, 5, 1),
    )
    migrator(MigrationExecutor(connection).loader.graph.leaf_nodes())
    unit = ProtectedUnit.objects.get(code="2021-SYQ-001")
    assert [c.pk for c in unit.counties.all()] == [LEPING]
