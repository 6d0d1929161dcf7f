"""A county bureau applies for a reserve sub-zone (第五条–第六条)."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import AccountProfile, Application, County, Township
from applications.roles import Role
from applications.services.involvements import involvement_confirm
from tests.applications.test_application_flow import SUBMIT
from tests.factories import OrganisationFactory, UserFactory
from tests.registration import bureau_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def bureau_client(client):
    user = UserFactory(roles=[Role.COUNTY_BUREAU], email="bureau@example.invalid")
    county = County.objects.get(name="浮梁县")
    AccountProfile.objects.create(
        user=user, county=county, email_verified_at=datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    )
    organisation = OrganisationFactory(
        uscc="91110000600037341L",
        name="浮梁县文化广电新闻出版旅游局",
        county=county,
        address="浮梁县",
        contact_name="王科长",
        contact_phone="0798-2622222",
        contact_email="bureau@example.invalid",
    )
    organisation.members.add(user)
    client.force_login(user)
    client.organisation = organisation
    return client


def fill(client, application, *, since: str):
    townships = [Township.objects.get(name="瑶里镇"), Township.objects.get(name="洪岩镇")]
    narrative = {
        code: "已开展整体保护。"
        for code in (
            "heritage",
            "resources",
            "transmission",
            "sites",
            "government",
            "core_areas",
            "area",
            "management",
        )
    }
    response = client.post(
        f"/apply/{application.pk}/area/",
        {
            # 洪岩镇 lies in 乐平市, which the lead bureau asks to take part.
            "counties": ["360281"],
            "townships": [t.pk for t in townships],
            "holistic_since": since,
            **narrative,
            "next": "1",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/apply/{application.pk}/outline/",
        {f"part{n}": f"规划纲要第{n}部分。" for n in range(1, 6)} | {"next": "1"},
    )
    assert response.status_code == 302


def test_only_county_bureaus_start_a_reserve_application(client):
    user = UserFactory(roles=[Role.APPLICANT])
    organisation = OrganisationFactory(
        name="作坊",
        address="x",
        contact_name="x",
        contact_phone="0798-1",
        contact_email="x@example.invalid",
    )
    organisation.members.add(user)
    client.force_login(user)
    response = client.post("/apply/new/", {"organisation": organisation.pk, "kind": "reserve"})
    assert response.status_code == 403
    assert not Application.objects.exists()


@time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_a_reserve_spanning_two_counties_needs_both_governments_documents(
    bureau_client, django_capture_on_commit_callbacks
):
    client = bureau_client
    response = client.post(
        "/apply/new/", {"organisation": client.organisation.pk, "kind": "reserve"}
    )
    application = Application.objects.get()
    assert response["Location"] == f"/apply/{application.pk}/area/"
    # Since 2024-03-03: two years only on 2026-03-03, one day after today.
    fill(client, application, since="2024-03-03")
    page = client.get(f"/apply/{application.pk}/materials/").content.decode()
    assert "浮梁县政府申报文件和同意申报的批复" in page
    assert "乐平市政府申报文件和同意申报的批复" in page

    for slot in ("government_documents:360222", "planning_outline", "expert_opinion"):
        client.post(
            f"/apply/{application.pk}/materials/",
            {f"file-{slot}": SimpleUploadedFile(f"{slot[:10]}.pdf", PDF)},
        )
    page = client.post(f"/apply/{application.pk}/review/").content.decode()
    assert "请上传：乐平市政府申报文件和同意申报的批复" in page
    assert "至 2026-03-03 方满 2 年；第五条（九）要求 2 年以上" in page

    client.post(
        f"/apply/{application.pk}/materials/",
        {"file-government_documents:360281": SimpleUploadedFile("乐平.pdf", PDF)},
    )
    # 乐平市's bureau confirms taking part (test_multi_county: refused before).
    involvement_confirm(
        involvement=application.involvements.get(county__name="乐平市"),
        user=bureau_of("乐平市", username="leping-bureau"),
    )
    fill(client, application, since="2024-03-02")  # exactly two years today
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/apply/{application.pk}/review/", SUBMIT)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.receipt_number == "JDZ-BH-2026-0001"
    assert application.eligibility["overall"] == "pass"
    assert application.receipt_pdf
