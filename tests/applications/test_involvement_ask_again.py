"""The lead bureau asks again a county that declined taking part in its
reserve (第六条（一）), from its draft's zone step: the request is pending
once more, logged, and the county's bureau told as when first asked —
without dropping the county and naming it anew."""

import pytest
from django.test import Client
from wagtail.models import ModelLogEntry

from applications.models import County, CountyInvolvement, Township
from applications.services.involvements import involvement_ask_again, involvement_decline
from applications.workflow import State
from portal.core.errors import NotAllowed, Refused
from portal.core.models import InboxMessage
from tests.applications.test_multi_county import actions, save_zone, start
from tests.factories import OrganisationFactory
from tests.registration import bureau_of

pytestmark = pytest.mark.django_db


def declined(client, leping):
    """A draft of the lead bureau naming 乐平市, which has declined."""
    application = start(client)
    hongyan = Township.objects.get(name="洪岩镇")
    save_zone(client, application, counties=["360281"], townships=[hongyan.pk])
    involvement = application.involvements.get()
    involvement_decline(involvement=involvement, user=leping, reason="洪岩镇未开展整体性保护。")
    return application, involvement


def asked(leping) -> int:
    return InboxMessage.objects.filter(
        recipient=leping, event="reserve.involvement_request"
    ).count()


def url(application, involvement) -> str:
    return f"/apply/{application.pk}/area/counties/{involvement.pk}/ask-again/"


def test_the_lead_asks_a_declined_county_again_from_its_draft(bureau_client, leping):
    client = bureau_client
    application, involvement = declined(client, leping)
    page = client.get(f"/apply/{application.pk}/area/").content.decode()
    assert f'data-ask-again="{involvement.pk}"' in page
    assert f'action="{url(application, involvement)}"' in page
    assert asked(leping) == 1

    response = client.post(url(application, involvement))
    assert response.status_code == 302
    assert response["Location"] == f"/apply/{application.pk}/area/"
    involvement.refresh_from_db()
    assert involvement.status == "pending"
    assert (involvement.decided_by, involvement.decided_at, involvement.reason) == (None, None, "")
    assert actions(application)[-2:] == [
        "portal.involvement.decline",
        "portal.involvement.ask_again",
    ]
    entry = ModelLogEntry.objects.get(action="portal.involvement.ask_again")
    assert entry.user_id == client.organisation.members.get().pk
    assert entry.data["county"] == "360281"
    assert entry.data["declined"]["by"] == leping.pk
    assert entry.data["declined"]["reason"] == "洪岩镇未开展整体性保护。"
    # 乐平市's bureau is told again, and answers again on its page.
    assert asked(leping) == 2
    page = client.get(f"/apply/{application.pk}/area/").content.decode()
    assert 'data-status="pending"' in page and "data-ask-again" not in page

    # Twice: the request is pending, not declined; nothing changes.
    response = client.post(url(application, involvement), follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    involvement.refresh_from_db()
    assert involvement.status == "pending"
    assert actions(application).count("portal.involvement.ask_again") == 1
    assert asked(leping) == 2

    answer = Client()
    answer.force_login(leping)
    answer.post(f"/apply/involvements/{involvement.pk}/", {"action": "confirm"})
    involvement.refresh_from_db()
    assert involvement.status == "confirmed" and involvement.decided_by == leping


def test_another_organisation_gets_404_and_changes_nothing(bureau_client, leping):
    application, involvement = declined(bureau_client, leping)
    # Another county's bureau with its own organisation, and the declining
    # bureau itself: neither is the applicant.
    other = bureau_of("昌江区", username="changjiang-bureau")
    OrganisationFactory(county=County.objects.get(name="昌江区")).members.add(other)
    for user in (other, leping):
        client = Client()
        client.force_login(user)
        assert client.post(url(application, involvement)).status_code == 404
        with pytest.raises(NotAllowed):
            involvement_ask_again(involvement=involvement, user=user)
    # A request of another application, under the lead's own draft: 404.
    second = bureau_client.post(
        "/apply/new/", {"organisation": bureau_client.organisation.pk, "kind": "reserve"}
    )
    assert second.status_code == 302
    pk = int(second["Location"].strip("/").split("/")[1])
    assert pk != application.pk
    response = bureau_client.post(f"/apply/{pk}/area/counties/{involvement.pk}/ask-again/")
    assert response.status_code == 404
    involvement.refresh_from_db()
    assert involvement.status == "declined"
    assert "portal.involvement.ask_again" not in actions(application)
    assert asked(leping) == 1


def test_a_pending_or_confirmed_request_or_a_submitted_application_is_refused(
    bureau_client, leping
):
    application, involvement = declined(bureau_client, leping)
    lead = bureau_client.organisation.members.get()
    for status in ("pending", "confirmed"):
        CountyInvolvement.objects.filter(pk=involvement.pk).update(status=status)
        with pytest.raises(Refused):
            involvement_ask_again(involvement=involvement, user=lead)
        involvement.refresh_from_db()
        assert involvement.status == status

    CountyInvolvement.objects.filter(pk=involvement.pk).update(status="declined")
    application.status = State.SUBMITTED
    application.save(update_fields=["status"])
    with pytest.raises(Refused) as refused:
        involvement_ask_again(involvement=involvement, user=lead)
    assert not isinstance(refused.value, NotAllowed)
    response = bureau_client.post(url(application, involvement))
    assert response.status_code == 302
    involvement.refresh_from_db()
    assert involvement.status == "declined" and involvement.reason
    assert "portal.involvement.ask_again" not in actions(application)
    assert asked(leping) == 1
