"""The migrations that move ProtectedUnit and Approval from the applications
app to the units app (evaluations 0004, cms 0005, applications 0015), run
on a database seeded before the move: every row, link and content type
stays, and the new links are filled in."""

import datetime
import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

MOVED_APPS = {"applications", "evaluations", "cms"}
BEFORE_MOVE = [
    ("applications", "0014_unit_obligation_rules"),
    ("evaluations", "0003_obligation_status_label"),
    ("cms", "0004_evaluation_reports"),
]
OLD_TABLES = {
    "applications_protectedunit",
    "applications_approval",
    "applications_protectedunit_townships",
}
NEW_TABLES = {
    "evaluations_protectedunit",
    "evaluations_approval",
    "evaluations_protectedunit_townships",
}


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _migrate(targets):
    """Migrates to ``targets`` and returns the historical models there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _before_move_targets():
    # Every other app stays at its newest migration (portal's inbox and
    # search entries, Wagtail's log entries).
    return BEFORE_MOVE + [node for node in _leaves() if node[0] not in MOVED_APPS]


@pytest.fixture
def migrator(committed_db):
    """Runs a test against the real test database, whatever migrations it
    moves back and forth, and leaves the database at the newest ones."""
    from django.contrib.contenttypes.models import ContentType

    try:
        yield _migrate
    finally:
        _migrate(_leaves())
        ContentType.objects.clear_cache()


def _page(apps, model, *, segment, slug, title, **fields):
    """A page right under Wagtail's root, written field by field (the
    historical models have no treebeard API)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )
    page = model.objects.create(
        path=f"{root.path}{segment}",
        depth=2,
        numchild=0,
        title=title,
        draft_title=title,
        slug=slug,
        url_path=f"{root.url_path}{slug}/",
        live=True,
        content_type=content_type,
        locale=Locale.objects.order_by("pk").first(),
        translation_key=uuid.uuid4(),
        **fields,
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    return page


def _fk_target(table, column):
    """The (table, column) a foreign key column points at in the database."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    targets = {
        c["foreign_key"]
        for c in constraints.values()
        if c["foreign_key"] and c["columns"] == [column]
    }
    assert len(targets) == 1, (table, column, constraints)
    return targets.pop()


def _township_rows(ProtectedUnit):
    """The rows of the units' townships table: (id, unit, township)."""
    rows = ProtectedUnit.townships.through.objects.order_by("pk")
    return list(rows.values_list("pk", "protectedunit_id", "township_id"))


def _seed(apps):
    """Rows as they were before the move, made with that state's models."""
    User = apps.get_model("auth", "User")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    County = apps.get_model("applications", "County")
    Township = apps.get_model("applications", "Township")
    Organisation = apps.get_model("applications", "Organisation")
    Application = apps.get_model("applications", "Application")
    CandidateList = apps.get_model("applications", "CandidateList")
    Approval = apps.get_model("applications", "Approval")
    ProtectedUnit = apps.get_model("applications", "ProtectedUnit")
    Obligation = apps.get_model("evaluations", "Obligation")
    NoticePage = apps.get_model("cms", "NoticePage")
    PublicityPage = apps.get_model("cms", "PublicityPage")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    InboxMessage = apps.get_model("portal", "InboxMessage")
    SearchEntry = apps.get_model("portal", "SearchEntry")

    # Before the move the content types are the applications app's; none
    # of the units app exists yet for these models.
    unit_type, _ = ContentType.objects.get_or_create(
        app_label="applications", model="protectedunit"
    )
    approval_type, _ = ContentType.objects.get_or_create(app_label="applications", model="approval")
    assert not ContentType.objects.filter(
        app_label="evaluations", model__in=["protectedunit", "approval"]
    ).exists()
    permission, _ = Permission.objects.get_or_create(
        content_type=unit_type,
        codename="change_protectedunit",
        defaults={"name": "Can change established unit"},
    )

    reviewer = User.objects.create(username="migration-reviewer", password="!")
    applicant = User.objects.create(username="migration-applicant", password="!")
    county = County.objects.get(name="浮梁县")
    yaoli = Township.objects.get(county=county, name="瑶里镇")
    other_township = Township.objects.filter(county=county).exclude(pk=yaoli.pk).order_by("pk")[0]
    organisation = Organisation.objects.create(
        uscc="91360222MA35XXXX0X",
        name="瑶里古窑瓷业有限公司",
        address="浮梁县瑶里镇古窑路1号",
        contact_name="张三",
        contact_phone="0798-1234567",
        contact_email="yaoli@example.invalid",
        county=county,
        township=yaoli,
    )
    application = Application.objects.create(
        kind="base",
        category="production",
        organisation=organisation,
        created_by=applicant,
        status="reviewed",
        receipt_number="JDZ-JD-2021-0001",
        ich_projects=[{"name": "景德镇手工制瓷技艺", "level": "国家级"}],
    )
    published = CandidateList.objects.create(
        title="2021年第一批保护基地备选名单",
        kind="base",
        decision="局务会议研究确定",
        created_by=reviewer,
        document_number="景文旅字〔2021〕88号",
        published_on=datetime.date(2021, 3, 1),
    )
    published.applications.add(application)
    unpublished = CandidateList.objects.create(
        title="2021年第二批保护基地备选名单",
        kind="base",
        decision="局务会议研究确定",
        created_by=reviewer,
    )
    publicity = _page(
        apps,
        PublicityPage,
        segment="ZZZX",
        slug="2021-candidates",
        title="2021年第一批保护基地备选名单公示",
        candidate_list=published,
        document_number="景文旅字〔2021〕88号",
        issuing_body="景德镇市文化广电新闻出版旅游局",
        date=datetime.date(2021, 3, 1),
        body="<p>现将备选名单予以公示。</p>",
        contact="电话：0798-8888888",
    )
    announcement = _page(
        apps,
        NoticePage,
        segment="ZZZY",
        slug="approval-2021",
        title="关于公布2021年第一批保护基地的通知",
        body="<p>批复。</p>",
    )
    approval = Approval.objects.create(
        candidate_list=published,
        document_number="景府字〔2021〕12号",
        approved_on=datetime.date(2021, 4, 20),
        scan=f"approvals/{published.pk}/批复.pdf",
        scan_name="批复.pdf",
        scan_sha256="ab" * 32,
        notice_page=announcement,
        recorded_by=reviewer,
    )
    base = ProtectedUnit.objects.create(
        code="2021-JD-001",
        name="瑶里古窑保护基地",
        kind="base",
        category="production",
        status="designated_base",
        organisation=organisation,
        county=county,
        ich_projects=[{"name": "景德镇手工制瓷技艺", "level": "国家级"}],
        established_on=datetime.date(2021, 4, 20),
        application=application,
        approval=approval,
        tracked_from=datetime.date(2021, 5, 1),
        certificate_pdf="units/1/证书.pdf",
    )
    base.townships.set([yaoli, other_township])
    delisted = ProtectedUnit.objects.create(
        code="2019-SYQ-002",
        name="浮梁县陶瓷文化生态保护实验区",
        kind="reserve",
        category="",
        status="delisted",
        organisation=organisation,
        county=county,
        established_on=datetime.date(2019, 6, 1),
        imported=True,
        delisted_on=datetime.date(2024, 9, 30),
    )
    delisted.townships.set([yaoli])
    # A unit delisted without a notice keeps no link.
    silent = ProtectedUnit.objects.create(
        code="2018-JD-003",
        name="湖田青白瓷研究所传承基地",
        kind="base",
        category="research",
        status="delisted",
        organisation=organisation,
        county=county,
        established_on=datetime.date(2018, 5, 1),
        imported=True,
        delisted_on=datetime.date(2023, 1, 10),
    )
    notice = _page(
        apps,
        NoticePage,
        segment="ZZZZ",
        # The code, lower case: how unit_delist named the notice.
        slug="delisting-2019-syq-002",
        title="关于浮梁县陶瓷文化生态保护实验区摘牌的公告",
        body="<p>摘牌。</p>",
    )
    obligation = Obligation.objects.create(
        unit=base, kind="self_assessment", period=2024, due_date=datetime.date(2025, 1, 31)
    )
    log_entry = ModelLogEntry.objects.create(
        content_type=unit_type,
        object_id=str(delisted.pk),
        label=delisted.name,
        action="portal.unit.delist",
        timestamp=timezone.now(),
        user=reviewer,
        data={"code": delisted.code},
    )
    approval_log = ModelLogEntry.objects.create(
        content_type=approval_type,
        object_id=str(approval.pk),
        label=approval.document_number,
        action="portal.approval.record",
        timestamp=timezone.now(),
        user=reviewer,
    )
    message = InboxMessage.objects.create(
        recipient=applicant,
        event="unit.delist",
        subject="浮梁县陶瓷文化生态保护实验区已摘牌",
        body="摘牌。",
        about_type=unit_type,
        about_id=str(delisted.pk),
    )
    search_entry = SearchEntry.objects.create(
        content_type=unit_type,
        object_id=str(base.pk),
        url_path="/directory/2021-JD-001/",
        title=base.name,
        kind="unit",
        language="zh-hans",
    )
    return {
        "units": list(ProtectedUnit.objects.order_by("pk").values()),
        "approvals": list(Approval.objects.order_by("pk").values()),
        "townships": _township_rows(ProtectedUnit),
        "unit_type": unit_type.pk,
        "approval_type": approval_type.pk,
        "permission": permission.pk,
        "base": base.pk,
        "delisted": delisted.pk,
        "silent": silent.pk,
        "approval": approval.pk,
        "notice": notice.pk,
        "announcement": announcement.pk,
        "published": published.pk,
        "unpublished": unpublished.pk,
        "publicity": publicity.pk,
        "obligation": obligation.pk,
        "log_entry": log_entry.pk,
        "approval_log": approval_log.pk,
        "message": message.pk,
        "search_entry": search_entry.pk,
    }


def test_units_and_approvals_move_with_every_row_and_link(migrator):
    old = migrator(_before_move_targets())
    assert OLD_TABLES <= set(connection.introspection.table_names())
    assert not NEW_TABLES & set(connection.introspection.table_names())
    seeded = _seed(old)

    new = migrator(_leaves())

    tables = set(connection.introspection.table_names())
    assert NEW_TABLES <= tables
    assert not OLD_TABLES & tables
    with pytest.raises(LookupError):
        new.get_model("applications", "ProtectedUnit")
    ProtectedUnit = new.get_model("evaluations", "ProtectedUnit")
    Approval = new.get_model("evaluations", "Approval")
    assert ProtectedUnit._meta.db_table == "evaluations_protectedunit"

    # Every unit and approval, same keys, same values.
    assert list(ProtectedUnit.objects.order_by("pk").values(*seeded["units"][0])) == seeded["units"]
    assert (
        list(Approval.objects.order_by("pk").values(*seeded["approvals"][0])) == seeded["approvals"]
    )
    assert len(seeded["townships"]) == 3
    assert _township_rows(ProtectedUnit) == seeded["townships"]
    base = ProtectedUnit.objects.get(pk=seeded["base"])
    assert base.approval_id == seeded["approval"]
    assert base.townships.count() == 2
    assert Approval.objects.get(pk=seeded["approval"]).notice_page_id == seeded["announcement"]

    # The obligation still points at its unit, in the state and the database.
    Obligation = new.get_model("evaluations", "Obligation")
    assert Obligation.objects.get(pk=seeded["obligation"]).unit_id == seeded["base"]
    assert ProtectedUnit.objects.get(obligations=seeded["obligation"]).pk == seeded["base"]
    assert _fk_target("evaluations_obligation", "unit_id") == ("evaluations_protectedunit", "id")
    assert _fk_target("evaluations_protectedunit", "approval_id") == ("evaluations_approval", "id")
    assert _fk_target("evaluations_protectedunit_townships", "protectedunit_id") == (
        "evaluations_protectedunit",
        "id",
    )

    # The content types follow the models with their ids, so that whatever
    # points at them points at the moved rows.
    ContentType = new.get_model("contenttypes", "ContentType")
    assert ContentType.objects.get(pk=seeded["unit_type"]).app_label == "evaluations"
    assert ContentType.objects.get(pk=seeded["unit_type"]).model == "protectedunit"
    assert ContentType.objects.get(pk=seeded["approval_type"]).app_label == "evaluations"
    assert ContentType.objects.get(pk=seeded["approval_type"]).model == "approval"
    assert not ContentType.objects.filter(
        app_label="applications", model__in=["protectedunit", "approval"]
    ).exists()

    def target(content_type_id, object_id):
        content_type = ContentType.objects.get(pk=content_type_id)
        model = new.get_model(content_type.app_label, content_type.model)
        return model.objects.get(pk=object_id)

    ModelLogEntry = new.get_model("wagtailcore", "ModelLogEntry")
    entry = ModelLogEntry.objects.get(pk=seeded["log_entry"])
    assert entry.content_type_id == seeded["unit_type"]
    assert target(entry.content_type_id, entry.object_id).code == "2019-SYQ-002"
    entry = ModelLogEntry.objects.get(pk=seeded["approval_log"])
    assert target(entry.content_type_id, entry.object_id).pk == seeded["approval"]
    message = new.get_model("portal", "InboxMessage").objects.get(pk=seeded["message"])
    assert target(message.about_type_id, message.about_id).pk == seeded["delisted"]
    search_entry = new.get_model("portal", "SearchEntry").objects.get(pk=seeded["search_entry"])
    assert target(search_entry.content_type_id, search_entry.object_id).pk == seeded["base"]
    permission = new.get_model("auth", "Permission").objects.get(pk=seeded["permission"])
    assert permission.content_type_id == seeded["unit_type"]

    # The delisted unit's notice is found by its slug; no other unit gets one.
    assert ProtectedUnit.objects.get(pk=seeded["delisted"]).delisting_notice_id == seeded["notice"]
    assert ProtectedUnit.objects.get(pk=seeded["silent"]).delisting_notice_id is None
    assert base.delisting_notice_id is None

    # The published candidate list links to its publicity notice.
    CandidateList = new.get_model("applications", "CandidateList")
    assert (
        CandidateList.objects.get(pk=seeded["published"]).publicity_page_id == seeded["publicity"]
    )
    assert CandidateList.objects.get(pk=seeded["unpublished"]).publicity_page_id is None


def test_the_running_code_sees_the_moved_rows_under_their_content_types(migrator):
    """The models of the code, not only the historical ones, find the moved
    rows through the content types the log entries kept."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from evaluations.models import Approval, ProtectedUnit

    seeded = _seed(migrator(_before_move_targets()))
    migrator(_leaves())
    ContentType.objects.clear_cache()

    assert ContentType.objects.get_for_model(ProtectedUnit).pk == seeded["unit_type"]
    assert ContentType.objects.get_for_model(Approval).pk == seeded["approval_type"]
    unit = ProtectedUnit.objects.get(pk=seeded["delisted"])
    assert unit.delisting_notice.specific.slug == "delisting-2019-syq-002"
    assert unit.townships.get().name == "瑶里镇"
    entry = ModelLogEntry.objects.get(pk=seeded["log_entry"])
    assert entry.content_type.get_object_for_this_type(pk=entry.object_id) == unit
