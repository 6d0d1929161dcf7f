"""第七条（二）: representative inheritors of municipal level or above, or a
group of skilled holders. The applicant chooses the branch where the
inheritors are entered; the judgement cites it; county-level inheritors do
not count; reviewers and experts see the branch and its people."""

import datetime
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import override

from applications.eligibility import base_eligibility, inheritors_criterion
from applications.models import Application, Rules
from applications.roles import Role
from applications.services.experts import expert_assign, expert_declare
from applications.services.submission import application_judgement, application_problems
from applications.workflow import State
from tests.factories import ApplicationFactory, UserFactory

COUNTY = {"name": "李师傅", "level": "县级"}
MUNICIPAL = {"name": "陈师傅", "level": "市级"}
HOLDERS = [
    {"name": "王师傅", "years": 25, "evidence": "从事利坯二十五年，作品获省级奖"},
    {"name": "赵师傅", "years": 18, "evidence": "带徒十余人"},
]


def inheritors_of(judgement):
    return next(c for c in judgement.criteria if c.code == "inheritors")


def judge(**facts):
    return base_eligibility(
        category="production",
        site_area_m2=Decimal("1200"),
        staff=40,
        senior_staff=0,
        rules=Rules.defaults(),
        **facts,
    )


# The judgement ------------------------------------------------------------


def test_branch_a_counts_municipal_inheritors_and_lists_county_ones_as_not_counting():
    with override("en"):
        judgement = judge(inheritor_branch="representative", inheritors=[MUNICIPAL, COUNTY])
    criterion = inheritors_of(judgement)
    assert criterion.result == "reviewer_judgement"
    assert judgement.overall == "pass"
    assert "branch (a)" in criterion.message
    assert "1 of municipal level or above (陈师傅（市级）)" in criterion.message
    assert "not counted, below municipal level: 李师傅（县级）" in criterion.message


def test_branch_a_with_only_a_county_inheritor_fails():
    with override("en"):
        judgement = judge(inheritor_branch="representative", inheritors=[COUNTY])
    criterion = inheritors_of(judgement)
    assert criterion.result == "fail"
    assert judgement.overall == "fail"
    assert "branch (a)" in criterion.message
    assert "no inheritor of municipal level or above" in criterion.message
    assert "李师傅（县级）" in criterion.message


def test_branch_b_lists_the_holders_and_leaves_the_group_to_the_reviewers():
    with override("en"):
        judgement = judge(inheritor_branch="holders", skilled_holders=HOLDERS)
    criterion = inheritors_of(judgement)
    assert criterion.result == "reviewer_judgement"
    assert judgement.overall == "pass"
    assert "branch (b)" in criterion.message
    assert "王师傅 (25 years)" in criterion.message
    assert "赵师傅 (18 years)" in criterion.message
    # Inheritors entered before switching to (b) are not judged.
    with override("en"):
        mixed = judge(inheritor_branch="holders", inheritors=[COUNTY], skilled_holders=HOLDERS)
    assert inheritors_of(mixed).message == criterion.message


def test_a_single_holder_is_not_failed_by_an_invented_number():
    criterion = inheritors_criterion(branch="holders", skilled_holders=HOLDERS[:1])
    assert criterion.result == "reviewer_judgement"


def test_no_branch_or_no_people_fails():
    assert inheritors_criterion(branch="").result == "fail"
    assert inheritors_criterion(branch="holders").result == "fail"
    assert inheritors_criterion(branch="representative").result == "fail"


@pytest.mark.django_db
def test_numbers_alone_leave_article_7_2_to_the_reviewers_and_the_command_works():
    assert inheritors_of(judge()).result == "reviewer_judgement"
    out = StringIO()
    call_command(
        "check_eligibility", "--category=production", "--area=1000", "--staff=30", stdout=out
    )
    criteria = {c["code"]: c["result"] for c in json.loads(out.getvalue())["criteria"]}
    assert criteria["inheritors"] == "reviewer_judgement"


# The draft step -----------------------------------------------------------


@pytest.fixture
def draft(db, client):
    applicant = UserFactory(roles=[Role.APPLICANT])
    application = ApplicationFactory(with_craft=True, created_by=applicant)
    application.organisation.members.add(applicant)
    client.force_login(applicant)
    return application


def step(branch="", inheritors=(), holders=()):
    data = {
        "category": "production",
        "projects-TOTAL_FORMS": "1",
        "projects-INITIAL_FORMS": "0",
        "projects-0-name": "景德镇手工制瓷技艺",
        "projects-0-level": "国家级",
        "inheritor_branch": branch,
        "inheritors-TOTAL_FORMS": str(len(inheritors)),
        "inheritors-INITIAL_FORMS": "0",
        "holders-TOTAL_FORMS": str(len(holders)),
        "holders-INITIAL_FORMS": "0",
    }
    for i, row in enumerate(inheritors):
        data |= {f"inheritors-{i}-{k}": v for k, v in row.items()}
    for i, row in enumerate(holders):
        data |= {f"holders-{i}-{k}": v for k, v in row.items()}
    return data


def post_step(client, application, data):
    return client.post(f"/en/apply/{application.pk}/", data)


def test_branch_b_is_saved_with_its_holders(client, draft):
    response = post_step(
        client, draft, step("holders", holders=[{**h, "years": str(h["years"])} for h in HOLDERS])
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.inheritor_branch == "holders"
    assert draft.skilled_holders == HOLDERS
    # The step shows the choice and the holders again.
    page = client.get(f"/apply/{draft.pk}/").content.decode()
    assert re.search(r'name="inheritor_branch" value="holders"[^>]*checked', page)
    assert "从事利坯二十五年" in page and 'value="王师傅"' in page


def test_branch_a_is_saved_with_a_municipal_inheritor(client, draft):
    response = post_step(client, draft, step("representative", inheritors=[MUNICIPAL, COUNTY]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.inheritor_branch == "representative"
    assert draft.inheritors == [MUNICIPAL, COUNTY]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (step("", inheritors=[MUNICIPAL]), "Choose whether Article 7 (2) is met"),
        (step("representative", inheritors=[COUNTY]), "county-level inheritors do not count"),
        (step("holders", holders=[{"name": "", "years": "3", "evidence": "x"}]), "required"),
        (step("holders", holders=[{"name": "王", "years": "", "evidence": "x"}]), "required"),
        (step("holders", holders=[{"name": "王", "years": "十", "evidence": "x"}]), "whole number"),
        (step("holders", holders=[{"name": "王" * 65, "years": "3", "evidence": "x"}]), "at most"),
        (step("holders", holders=[{"name": "王\x00", "years": "3", "evidence": "x"}]), "Null"),
        (step("holders\x00"), "Select a valid choice"),
        (step("nobody"), "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client, draft, data, message):
    response = post_step(client, draft, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.inheritor_branch == ""
    assert draft.inheritors == draft.skilled_holders == []


def test_a_nul_byte_in_a_management_form_is_a_message(client, draft):
    data = step("holders") | {"holders-TOTAL_FORMS": "1\x00"}
    response = post_step(client, draft, data)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.inheritor_branch == ""


def test_the_submission_check_says_what_is_missing(client, draft):
    Application.objects.filter(pk=draft.pk).update(
        site_area_m2=Decimal("1200"), staff_count=40, category="production"
    )
    draft.refresh_from_db()
    with override("en"):
        problems = application_problems(draft, application_judgement(draft))
    assert any("choose representative inheritors" in p for p in problems)
    # Without the numbers (no judgement yet) it is said all the same.
    draft.site_area_m2 = None
    with override("en"):
        problems = application_problems(draft, application_judgement(draft))
    assert any("choose representative inheritors" in p for p in problems)

    draft.inheritor_branch, draft.inheritors = "representative", [COUNTY]
    draft.save()
    page = client.get(f"/en/apply/{draft.pk}/review/").content.decode()
    assert "no inheritor of municipal level or above" in page
    assert 'data-inheritor-branch="representative"' in page
    # Branch (b) needs no inheritors' certificates.
    assert "Certificates of the representative inheritors" in page
    draft.inheritor_branch, draft.skilled_holders = "holders", HOLDERS
    draft.save()
    page = client.get(f"/en/apply/{draft.pk}/review/").content.decode()
    assert "Certificates of the representative inheritors" not in page
    assert "no inheritor of municipal level or above" not in page


# Reviewers and experts ----------------------------------------------------


def test_the_review_and_expert_pages_show_the_branch_and_its_people(client, db):
    application = ApplicationFactory(
        with_craft=True,
        category="production",
        status=State.EXPERT_REVIEW,
        number=1,
        submitted_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
        inheritor_branch="holders",
        skilled_holders=HOLDERS,
    )
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    client.force_login(reviewer)
    page = client.get(f"/admin/applications_review/inspect/{application.pk}/").content.decode()
    assert 'data-inheritor-branch="holders"' in page
    assert page.count("data-holder") == 2
    assert "从事利坯二十五年" in page

    expert = UserFactory(roles=[Role.EXPERT])
    assignment = expert_assign(application=application, user=reviewer, expert=expert)
    expert_declare(assignment=assignment, user=expert, conflict=False)
    client.force_login(expert)
    page = client.get(f"/admin/my-reviews/{assignment.pk}/").content.decode()
    assert 'data-inheritor-branch="holders"' in page
    assert "王师傅" in page and "赵师傅" in page


# The migration ------------------------------------------------------------


def _branch_migration():
    loader = MigrationLoader(connection)
    (node,) = [
        key
        for key in loader.disk_migrations
        if key[0] == "applications" and key[1].endswith("_inheritor_branch")
    ]
    (parent,) = [p for p in loader.graph.node_map[node].parents if p.key[0] == "applications"]
    return node, parent.key


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def migrator(committed_db):
    try:
        yield _migrate
    finally:
        _migrate(_leaves())


def test_existing_inheritors_become_branch_a(migrator):
    node, before = _branch_migration()
    others = [leaf for leaf in _leaves() if leaf[0] != "applications"]
    apps = migrator([before, *others])
    User = apps.get_model("auth", "User")
    County = apps.get_model("applications", "County")
    Organisation = apps.get_model("applications", "Organisation")
    Application = apps.get_model("applications", "Application")
    applicant = User.objects.create(username="branch-migration", password="!")
    organisation = Organisation.objects.create(
        uscc="91360222MA35YYYY0Y",
        name="瑶里古窑瓷业有限公司",
        address="浮梁县瑶里镇古窑路1号",
        contact_name="张三",
        contact_phone="0798-1234567",
        contact_email="yaoli@example.invalid",
        county=County.objects.get(name="浮梁县"),
    )
    common = {"kind": "base", "organisation": organisation, "created_by": applicant}
    named = Application.objects.create(**common, inheritors=[MUNICIPAL, {"name": "无级别"}])
    empty = Application.objects.create(**common)

    apps = migrator([node, *others])
    Application = apps.get_model("applications", "Application")
    named = Application.objects.get(pk=named.pk)
    assert named.inheritor_branch == "representative"
    assert named.inheritors == [MUNICIPAL, {"name": "无级别", "level": ""}]
    assert named.skilled_holders == []
    empty = Application.objects.get(pk=empty.pk)
    assert (empty.inheritor_branch, empty.inheritors) == ("", [])
