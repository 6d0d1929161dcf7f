"""The whole file of an application, read-only, on the reviewer's review
page and beside the expert's scoring form (applications.selectors.file)."""

import datetime

import pytest
from django.utils import translation

from applications.materials import BASE_SLOTS
from applications.roles import Role
from applications.selectors import criteria_for
from applications.selectors.file import application_file
from applications.services.experts import expert_assign
from applications.workflow import State
from tests.factories import ApplicationFactory, MaterialFactory, UserFactory

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
NARRATIVE = {
    "authenticity": "龙珠阁窑口自明代传承至今，坯、釉、烧三道工序保存完整。",
    "inheritors": "国家级传承人一名，带徒八人。",
    "safeguarding": "已整理口述史三十小时。",
    "participation": "每年举办开窑节。",
    "benefits": "带动周边就业六十人。",
}


@pytest.fixture
def application(organisation):
    applicant = UserFactory(roles=[Role.APPLICANT])
    organisation.members.add(applicant)
    return ApplicationFactory(
        category="production",
        organisation=organisation,
        created_by=applicant,
        status=State.EXPERT_REVIEW,
        number=1,
        submitted_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
        ich_projects=[{"name": "景德镇手工制瓷技艺", "level": "国家级"}],
        inheritor_branch="representative",
        inheritors=[{"name": "王传承", "level": "国家级"}],
        senior_staff=[{"name": "李高工", "title": "高级工艺美术师", "field": "陶瓷"}],
        site_area_m2=1500,
        staff_count=42,
        narrative=NARRATIVE,
    )


@pytest.fixture
def reviewer():
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER])


def _label(code: str) -> str:
    with translation.override("zh-hans"):
        return str(next(slot.label for slot in BASE_SLOTS if slot.code == code))


def _assert_whole_file(page: str):
    for text in NARRATIVE.values():
        assert text in page
    assert "王传承" in page and "景德镇手工制瓷技艺" in page and "李高工" in page
    assert "91350100M000100Y43" in page  # the organisation's USCC
    # Materials by the label of their slot, never by its code; a PDF
    # previewed in a frame, an image inline.
    assert _label("application_form") in page and _label("records") in page
    assert ">application_form<" not in page and "· application_form" not in page
    assert "<iframe" in page and "盖章申请表.pdf" in page
    assert "<img" in page and "作坊照片.png" in page
    # The history: the audit log of the application.
    assert 'data-history="portal.application.expert_assign"' in page


def _materials(application):
    MaterialFactory(
        application=application, slot="application_form", original_name="盖章申请表.pdf"
    )
    MaterialFactory(
        application=application, slot="records", original_name="作坊照片.png", content=PNG
    )


def test_the_review_page_shows_the_whole_file(client, application, reviewer):
    _materials(application)
    expert_assign(application=application, user=reviewer, expert=UserFactory(roles=[Role.EXPERT]))
    client.force_login(reviewer)
    page = client.get(f"/admin/applications_review/inspect/{application.pk}/").content.decode()
    _assert_whole_file(page)
    assert 'data-narrative="authenticity"' in page


def test_the_expert_sees_the_file_only_after_declaring_beside_the_criteria(
    client, application, reviewer
):
    _materials(application)
    expert = UserFactory(roles=[Role.EXPERT])
    assignment = expert_assign(application=application, user=reviewer, expert=expert)
    client.force_login(expert)
    url = f"/admin/my-reviews/{assignment.pk}/"
    before = client.get(url).content.decode()
    assert NARRATIVE["authenticity"] not in before and "王传承" not in before
    assert "盖章申请表.pdf" not in before and "data-file" not in before
    client.post(url, {"declare": "none"})
    page = client.get(url).content.decode()
    _assert_whole_file(page)
    # Each criterion of the scoring form beside the narratives it is about.
    criteria = {c.code: c for c in criteria_for(application)}
    row = page.split('data-criterion="transmission"')[1].split("data-criterion=")[0]
    assert NARRATIVE["authenticity"] in row and NARRATIVE["inheritors"] in row
    assert f'name="score-{criteria["transmission"].pk}"' in row
    row = page.split('data-criterion="benefits"')[1].split("</form>")[0]
    assert NARRATIVE["benefits"] in row


def test_the_file_takes_a_fixed_number_of_queries(
    application, reviewer, django_assert_max_num_queries
):
    expert_assign(application=application, user=reviewer, expert=UserFactory(roles=[Role.EXPERT]))
    _materials(application)
    with django_assert_max_num_queries(4) as few:
        file = application_file(application=application)
    assert len(file["materials"]) == 2
    for n in range(6):
        MaterialFactory(application=application, slot="other", original_name=f"其他{n}.pdf")
    application.ich_projects = [{"name": f"项目{n}", "level": "市级"} for n in range(8)]
    application.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        file = application_file(application=application)
    assert len(file["materials"][-1]["files"]) == 6
    assert len(file["projects"]["rows"]) == 8


def test_the_review_page_takes_as_many_queries_with_more_materials(
    client, application, reviewer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    url = f"/admin/applications_review/inspect/{application.pk}/"
    _materials(application)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        MaterialFactory(application=application, slot="other", original_name=f"其他{n}.pdf")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "其他5.pdf" in page


def test_a_preview_may_be_framed_by_the_portal_only(client, application, reviewer):
    _materials(application)
    material = application.materials.get(slot="application_form")
    client.force_login(reviewer)
    url = f"/apply/{application.pk}/materials/{material.pk}/"
    assert client.get(url + "?inline=1")["X-Frame-Options"] == "SAMEORIGIN"
    assert client.get(url)["X-Frame-Options"] == "DENY"


def test_a_reserve_file_shows_its_zone_outline_and_county_documents(client, organisation, reviewer):
    from applications.models import Township

    township = Township.objects.get(name="瑶里镇")
    reserve = ApplicationFactory(
        kind="reserve",
        organisation=organisation,
        status=State.SUBMITTED,
        number=2,
        submitted_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
        narrative={"heritage": "瑶里古镇千年窑火。"},
        outline={"part1": "地处浮梁东北。", "part5": "设立保护区管委会。"},
        villages={str(township.pk): ["绕南村"]},
    )
    reserve.townships.add(township)
    MaterialFactory(application=reserve, slot=f"government_documents:{organisation.county.code}")
    client.force_login(reviewer)
    page = client.get(f"/admin/applications_review/inspect/{reserve.pk}/").content.decode()
    for text in ("瑶里古镇千年窑火。", "地处浮梁东北。", "设立保护区管委会。", "绕南村", "瑶里镇"):
        assert text in page
    assert 'data-narrative="part5"' in page
    assert f"{organisation.county.name}" in page.split('data-slot="government_documents:')[1]
