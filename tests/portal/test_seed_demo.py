"""seed_demo: demo content and one account per role, safe to re-run."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from applications.models import CandidateList, Material, Objection, Organisation
from applications.roles import Role
from applications.selectors import publicity_status
from applications.uscc import validate_uscc
from cms.models import MeasurePage, NoticePage
from evaluations.models import (
    Evaluation,
    Obligation,
    ProtectedUnit,
    RectificationOrder,
    SelfAssessment,
)
from evaluations.selectors import unit_timeline

pytestmark = pytest.mark.django_db

# "  demo-admin        H-oOfW@9Ka_PPA    管理员"
CREDENTIAL_LINE = re.compile(r"^\s+(demo-[a-z]+)\s+(\S+)\s+\S.*$", re.MULTILINE)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_refuses_when_debug_is_off():
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()
    assert not MeasurePage.objects.exists()


def test_builds_the_demo_once_and_prints_passwords_once(client):
    output = seed("--force")
    credentials = dict(CREDENTIAL_LINE.findall(output))
    assert set(credentials) == {
        "demo-applicant",
        "demo-county",
        "demo-reviewer",
        "demo-expert",
        "demo-admin",
    }
    assert MeasurePage.objects.get().article_count() == 43
    # Three demo notices and the announcement of the approved demo list.
    assert NoticePage.objects.live().count() == 4

    users = get_user_model().objects.filter(username__startswith="demo-")
    roles = {u.username: set(u.groups.values_list("name", flat=True)) for u in users}
    assert roles["demo-reviewer"] == {Role.MUNICIPAL_REVIEWER}
    assert roles["demo-applicant"] == {Role.APPLICANT}
    assert users.get(username="demo-admin").is_superuser

    counts = (Page.objects.count(), users.count())
    again = seed("--force")
    assert CREDENTIAL_LINE.findall(again) == []
    assert "demo-admin" in again  # named, without a password
    assert (Page.objects.count(), users.count()) == counts

    # The printed password opens the Wagtail admin, in Chinese.
    assert client.login(username="demo-admin", password=credentials["demo-admin"])
    response = client.get("/admin/")
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in response.content.decode().lower()
    assert "仪表板" in response.content.decode() or "控制面板" in response.content.decode()


def test_staff_roles_open_the_admin_and_applicants_do_not(client):
    credentials = dict(CREDENTIAL_LINE.findall(seed("--force")))
    # The county bureau opens it for its county's organisation claims.
    for username in ("demo-reviewer", "demo-expert", "demo-county"):
        client.logout()
        assert client.login(username=username, password=credentials[username])
        assert client.get("/admin/").status_code == 200, username
    for username in ("demo-applicant",):
        client.logout()
        assert client.login(username=username, password=credentials[username])
        response = client.get("/admin/")
        assert response.status_code == 302, username
        assert "/admin/login/" in response["Location"]


def test_reset_passwords_prints_new_ones(client):
    first = dict(CREDENTIAL_LINE.findall(seed("--force")))
    second = dict(CREDENTIAL_LINE.findall(seed("--force", "--reset-passwords")))
    assert set(second) == set(first)
    assert all(second[name] != first[name] for name in first)
    assert client.login(username="demo-expert", password=second["demo-expert"])
    assert not client.login(username="demo-expert", password=first["demo-expert"])


def test_the_demo_applicant_can_start_an_application(client):
    credentials = dict(CREDENTIAL_LINE.findall(seed("--force")))
    organisation = Organisation.objects.get(members__username="demo-applicant")
    validate_uscc(organisation.uscc)
    assert client.login(username="demo-applicant", password=credentials["demo-applicant"])
    page = client.get("/apply/").content.decode()
    assert "尚未验证" not in page
    assert organisation.name in page
    # The county bureau account acts for its bureau.
    bureau = Organisation.objects.get(members__username="demo-county")
    validate_uscc(bureau.uscc)
    assert bureau.county.name == "浮梁县"
    # Two demo accounts' organisations and four demo workshops, once.
    count = Organisation.objects.count()
    seed("--force")
    assert Organisation.objects.count() == count == 6


def test_the_demo_shows_the_whole_procedure_from_publicity_to_the_directory(client):
    seed("--force")
    lists = {c.title: c for c in CandidateList.objects.select_related("period")}
    assert len(lists) == 2
    states = {title: publicity_status(candidate_list=c).state for title, c in lists.items()}
    assert sorted(states.values()) == ["closed", "open"]
    assert Objection.objects.filter(status="received").count() == 1
    units = ProtectedUnit.objects.filter(approval__isnull=False)
    assert units.count() == 2 and {u.status for u in units} == {"designated_base"}
    directory = client.get("/directory/").content.decode()
    assert all(u.name in directory for u in units)
    index = client.get("/publicity/").content.decode()
    assert 'data-publicity-state="open"' in index and 'data-publicity-state="closed"' in index
    seed("--force")
    assert CandidateList.objects.count() == 2 and units.count() == 2


def test_the_demo_zone_has_obligations_in_every_state(client):
    credentials = dict(CREDENTIAL_LINE.findall(seed("--force")))
    zone = ProtectedUnit.objects.get(name__startswith="【演示】浮梁县")
    states = set(Obligation.objects.filter(unit=zone).values_list("status", flat=True))
    assert {"open", "done"} <= states
    assert Obligation.objects.filter(unit=zone, overdue_since__isnull=False).exists()
    timeline = unit_timeline(unit=zone)
    assert any(not e["overdue"] for e in timeline["current"])  # due soon
    assert any(e["obligation"].kind == "evaluation" for e in timeline["past"])  # evaluated
    assert timeline["past"] and any(e["overdue"] for e in timeline["current"])
    assert SelfAssessment.objects.filter(unit=zone, status="commenting").exists()
    assert SelfAssessment.objects.filter(unit=zone, status="filed").exists()
    # A published evaluation report, and a rectification under way.
    report = Evaluation.objects.get(unit=zone).report_page
    assert report is not None and report.live
    assert "【演示】全面评估" in client.get(report.url).content.decode()
    assert RectificationOrder.objects.filter(status="ordered").count() == 1
    # The county account sees it on its pages.
    assert client.login(username="demo-county", password=credentials["demo-county"])
    assert zone.name in client.get(f"/units/{zone.code}/").content.decode()
    seed("--force")
    assert ProtectedUnit.objects.filter(name__startswith="【演示】浮梁县").count() == 1


def test_every_demo_application_beyond_draft_is_a_complete_file(client):
    from django.utils.html import escape

    from applications.models import Application
    from applications.workflow import State

    credentials = dict(CREDENTIAL_LINE.findall(seed("--force")))
    applications = Application.objects.exclude(status=State.DRAFT)
    shown = set(applications.values_list("status", flat=True))
    assert {
        "submitted",
        "material_review",
        "supplement_requested",
        "field_inspection",
        "hearing",
        "expert_review",
        "reviewed",
        "candidate",
        "established",
        "rejected",
        "withdrawn",
    } <= shown
    after_inspection = {"hearing", "expert_review", "reviewed", "candidate", "established"}
    assert client.login(username="demo-reviewer", password=credentials["demo-reviewer"])
    for application in applications:
        narrative = application.narrative
        assert len(narrative) == 5 and all("【演示】" in text for text in narrative.values())
        assert application.inheritors or application.skilled_holders
        assert application.ich_projects[0]["level"]
        materials = list(application.materials.all())
        assert len(materials) >= 4
        for material in materials:
            with material.file.open("rb") as stored:
                assert stored.read(4) in (b"%PDF", b"\x89PNG"[:4])
        if application.category == "research":
            assert application.senior_staff
        if application.status in after_inspection:
            assert application.inspections.get().photos.count() == 1
        if application.status in after_inspection - {"hearing"}:
            assert application.hearings.exists()
        if application.status in {"reviewed", "candidate", "established"}:
            assert application.expert_assignments.filter(scores__isnull=False).exists()
        page = client.get(f"/admin/applications_review/inspect/{application.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert all(escape(m.original_name) in html for m in materials), application.status
    assert any(a.skilled_holders for a in applications)
    assert any(a.inheritors for a in applications)
    count = (Application.objects.count(), Material.objects.count())
    seed("--force")
    assert (Application.objects.count(), Material.objects.count()) == count


def test_the_review_page_of_every_demo_application_shows_its_narratives(client):
    from django.utils.html import escape

    from applications.models import Application

    credentials = dict(CREDENTIAL_LINE.findall(seed("--force")))
    assert client.login(username="demo-reviewer", password=credentials["demo-reviewer"])
    for application in Application.objects.exclude(status="draft"):
        html = client.get(f"/admin/applications_review/inspect/{application.pk}/").content.decode()
        for text in application.narrative.values():
            assert escape(text) in html, application.status
