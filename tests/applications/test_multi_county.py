"""A reserve spanning several counties (第六条（一）): the lead county bureau
names the other counties; each one's bureau confirms or declines on the
record; the zone names only townships of involved counties; submission
waits for every county's confirmation."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.models import ModelLogEntry

from applications.declaration import DECLARATION_VERSION
from applications.models import Application, County, CountyInvolvement, Township
from applications.services.involvements import reserve_zone_set
from applications.services.submission import application_submit
from portal.core.errors import Refused
from portal.core.models import InboxMessage
from tests.registration import bureau_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
NARRATIVE = {
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


def start(client) -> Application:
    client.post("/apply/new/", {"organisation": client.organisation.pk, "kind": "reserve"})
    return Application.objects.get()


def save_zone(client, application, **data):
    return client.post(
        f"/apply/{application.pk}/area/",
        {"holistic_since": "2020-01-01", **NARRATIVE, **data},
    )


def actions(application) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(application.pk))
        .filter(action__startswith="portal.involvement.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_the_lead_bureau_names_another_county_whose_bureau_is_asked(bureau_client, leping):
    client = bureau_client
    application = start(client)
    hongyan = Township.objects.get(name="洪岩镇")  # 乐平市
    yaoli = Township.objects.get(name="瑶里镇")  # 浮梁县, the lead county
    response = save_zone(
        client,
        application,
        counties=["360281"],
        townships=[yaoli.pk, hongyan.pk],
        **{f"villages_{hongyan.pk}": "洪岩村、仙源社区\n港口村", f"villages_{yaoli.pk}": ""},
    )
    assert response.status_code == 302
    involvement = CountyInvolvement.objects.get(application=application)
    assert involvement.county_id == "360281"
    assert involvement.status == "pending"
    application.refresh_from_db()
    assert set(application.townships.all()) == {yaoli, hongyan}
    assert application.villages == {str(hongyan.pk): ["洪岩村", "仙源社区", "港口村"]}
    assert actions(application) == ["portal.involvement.ask"]
    # 乐平市's bureau is told, through the portal's notifications.
    assert InboxMessage.objects.filter(
        recipient=leping, event="reserve.involvement_request"
    ).exists()
    # The township choices offered are those of the named counties only.
    page = client.get(f"/apply/{application.pk}/area/").content.decode()
    assert f'value="{hongyan.pk}"' in page
    changjiang = Township.objects.filter(county__name="昌江区").first()
    assert f'name="townships" value="{changjiang.pk}"' not in page
    assert f'name="villages_{hongyan.pk}"' in page


def test_a_bureau_cannot_name_townships_of_a_county_it_did_not_involve(bureau_client):
    client = bureau_client
    application = start(client)
    hongyan = Township.objects.get(name="洪岩镇")
    response = save_zone(client, application, townships=[hongyan.pk])
    assert response.status_code == 200  # the form says why
    assert not application.townships.exists()
    # The service refuses it too, whatever form is used.
    user = client.organisation.members.get()
    with pytest.raises(Refused) as refused:
        reserve_zone_set(application=application, user=user, counties=[], townships=[hongyan])
    assert "乐平市洪岩镇" in str(refused.value)
    assert not application.townships.exists()
    assert not CountyInvolvement.objects.exists()


def _complete(client, application):
    """Everything a reserve needs but the other county's confirmation."""
    hongyan = Township.objects.get(name="洪岩镇")
    yaoli = Township.objects.get(name="瑶里镇")
    save_zone(client, application, counties=["360281"], townships=[yaoli.pk, hongyan.pk])
    client.post(
        f"/apply/{application.pk}/outline/",
        {f"part{n}": f"规划纲要第{n}部分。" for n in range(1, 6)},
    )
    for slot in (
        "government_documents:360222",
        "government_documents:360281",
        "planning_outline",
        "expert_opinion",
    ):
        response = client.post(
            f"/apply/{application.pk}/materials/",
            {f"file-{slot}": SimpleUploadedFile("文件.pdf", PDF)},
        )
        assert response.status_code == 302, slot


@time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False)
def test_submission_waits_for_the_other_countys_confirmation(bureau_client, leping):
    client = bureau_client
    application = start(client)
    _complete(client, application)
    user = client.organisation.members.get()
    with translation.override("en"), pytest.raises(Refused) as refused:
        application_submit(
            application=application, user=user, declaration_version=DECLARATION_VERSION
        )
    assert refused.value.problems == [
        "The culture bureau of 乐平市 has not yet confirmed taking part in this reserve: it is "
        "submitted once every county it names has confirmed (Article 6 (1))."
    ]
    application.refresh_from_db()
    assert application.status == "draft" and application.receipt_number is None

    # 乐平市's bureau finds the request on its dashboard and its listing.
    client.force_login(leping)
    assert 'data-involvements-pending="1"' in client.get("/apply/").content.decode()
    involvement = application.involvements.get()
    listing = client.get("/apply/involvements/").content.decode()
    assert f'data-involvement="{involvement.pk}" data-status="pending"' in listing
    response = client.post(f"/apply/involvements/{involvement.pk}/", {"action": "confirm"})
    assert response.status_code == 302
    involvement.refresh_from_db()
    assert involvement.status == "confirmed"
    assert involvement.decided_by == leping and involvement.decided_at is not None
    assert actions(application) == ["portal.involvement.ask", "portal.involvement.confirm"]
    assert InboxMessage.objects.filter(recipient=user, event="reserve.involvement_confirm").exists()

    application = application_submit(
        application=application, user=user, declaration_version=DECLARATION_VERSION
    )
    assert application.status == "submitted"


def test_the_other_bureau_declines_with_a_reason_and_another_county_gets_404(bureau_client, leping):
    client = bureau_client
    application = start(client)
    _complete(client, application)
    lead = client.organisation.members.get()
    involvement = application.involvements.get()

    # 昌江区's bureau cannot see or answer 乐平市's request.
    client.force_login(bureau_of("昌江区", username="changjiang-bureau"))
    assert (
        f'data-involvement="{involvement.pk}"'
        not in client.get("/apply/involvements/").content.decode()
    )
    response = client.post(f"/apply/involvements/{involvement.pk}/", {"action": "confirm"})
    assert response.status_code == 404
    # Nor can the lead bureau answer for 乐平市.
    client.force_login(lead)
    response = client.post(f"/apply/involvements/{involvement.pk}/", {"action": "confirm"})
    assert response.status_code == 404
    involvement.refresh_from_db()
    assert involvement.status == "pending"

    client.force_login(leping)
    client.post(f"/apply/involvements/{involvement.pk}/", {"action": "decline", "reason": " "})
    involvement.refresh_from_db()
    assert involvement.status == "pending"  # a decline needs its reason
    client.post(
        f"/apply/involvements/{involvement.pk}/",
        {"action": "decline", "reason": "洪岩镇未开展整体性保护。"},
    )
    involvement.refresh_from_db()
    assert involvement.status == "declined"
    assert involvement.reason == "洪岩镇未开展整体性保护。"
    assert involvement.decided_by == leping
    assert actions(application)[-1] == "portal.involvement.decline"
    entry = ModelLogEntry.objects.get(action="portal.involvement.decline")
    assert entry.data == {"county": "360281", "reason": "洪岩镇未开展整体性保护。"}
    assert InboxMessage.objects.filter(recipient=lead, event="reserve.involvement_decline").exists()
    # An answered request is not answered again.
    client.post(f"/apply/involvements/{involvement.pk}/", {"action": "confirm"})
    involvement.refresh_from_db()
    assert involvement.status == "declined"

    with translation.override("en"), pytest.raises(Refused) as refused:
        application_submit(
            application=application, user=lead, declaration_version=DECLARATION_VERSION
        )
    assert "declined taking part" in str(refused.value)

    # The lead removes 乐平市 and its township: the request is withdrawn.
    client.force_login(lead)
    yaoli = Township.objects.get(name="瑶里镇")
    assert save_zone(client, application, townships=[yaoli.pk]).status_code == 302
    assert not application.involvements.exists()
    assert actions(application)[-1] == "portal.involvement.withdraw"
    assert County.objects.filter(name="乐平市").exists()
