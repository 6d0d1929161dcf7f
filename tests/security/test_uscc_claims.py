"""Finding 9 (squatting): registering an organisation's code only claims
it. The culture bureau of the organisation's county confirms or refuses
the claim from the business licence, each decision logged and told;
until it is confirmed the organisation drafts but does not submit; a
refused claim frees the code, so a squatter never locks the real
organisation out; the licence is private."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from applications.declaration import DECLARATION_VERSION
from applications.models import Application, Organisation
from applications.services.submission import application_submit
from applications.uscc import uscc_check_character
from portal.core.errors import NotAllowed, Refused
from portal.core.models import InboxMessage
from tests.applications.test_application_flow import steps_through
from tests.factories import UserFactory
from tests.registration import (
    PDF,
    USCC,
    bureau_of,
    claim_confirm,
    claim_refuse,
    register,
    register_post,
)

pytestmark = pytest.mark.django_db


def _claim(username="workshop", uscc=USCC) -> Organisation:
    return Organisation.objects.get(uscc=uscc, members__username=username)


def test_registration_asks_for_the_licence_and_only_claims_the_code(client):
    refused = register_post(client, licence="")
    assert refused.status_code == 200
    assert "licence" in refused.context["form"].errors
    exe = register_post(client, licence=SimpleUploadedFile("执照.pdf", b"MZ\x90\x00" * 20))
    assert "licence" in exe.context["form"].errors
    assert not Organisation.objects.exists()

    register(client, confirm=False)
    organisation = _claim()
    assert organisation.claim_status == "pending"
    assert organisation.licence.open("rb").read() == PDF
    assert organisation.licence_name == "营业执照.pdf"
    assert client.get(f"/media/{organisation.licence.name}").status_code == 404
    page = client.get("/apply/").content.decode()
    assert 'data-claim="pending"' in page


def test_an_unconfirmed_organisation_drafts_but_cannot_submit(client):
    register(client, confirm=False)
    client.post("/apply/new/", {"organisation": _claim().pk})
    application = Application.objects.get()
    steps_through(client, application)  # drafting and uploading work
    user = _claim().members.get()
    with pytest.raises(Refused) as refusal:
        application_submit(
            application=application, user=user, declaration_version=DECLARATION_VERSION
        )
    # The reason names the organisation and the bureau to wait for.
    assert any("瑶里古窑瓷业有限公司" in p and "浮梁县" in p for p in refusal.value.problems)
    application.refresh_from_db()
    assert application.status == "draft" and application.receipt_number is None

    claim_confirm(_claim(), bureau_of())
    assert (
        application_submit(
            application=application, user=user, declaration_version=DECLARATION_VERSION
        ).status
        == "submitted"
    )


def test_a_claimed_code_tells_the_newcomer_whom_to_ask_and_not_who_claimed_it(client):
    register(client, "squatter", confirm=False, organisation_name="冒名瓷业", contact_name="冒名者")
    client.logout()
    response = register_post(client, "real-workshop", organisation_name="真瓷业")
    assert response.status_code == 200
    (error,) = response.context["form"].errors.as_data()["uscc"]
    assert error.code == "uscc_claimed"
    page = response.content.decode()
    for secret in ("冒名瓷业", "冒名者", "squatter"):
        assert secret not in page
    assert Organisation.objects.filter(uscc=USCC).count() == 1
    assert list(_claim("squatter").members.values_list("username", flat=True)) == ["squatter"]


def test_a_squatter_does_not_lock_the_real_organisation_out(client):
    # The squatter registers the real organisation's code first.
    register(client, "squatter", confirm=False, organisation_name="冒名瓷业")
    squatter = _claim("squatter")
    client.logout()
    assert register_post(client, "real-workshop").status_code == 200  # told to ask the bureau

    # Asked by the real organisation, the county bureau refuses the claim.
    bureau = bureau_of()
    claim_refuse(squatter, bureau, "执照与单位名称不符")
    squatter.refresh_from_db()
    assert squatter.claim_status == "refused"

    # The code is free again: the real organisation registers and is confirmed.
    register(client, "real-workshop", confirm=False)
    real = _claim("real-workshop")
    assert real.claim_status == "pending"
    claim_confirm(real, bureau)
    real.refresh_from_db()
    assert real.claim_confirmed
    # The squatter may not take the code back with another licence.
    client.force_login(squatter.members.get())
    client.post(
        f"/accounts/licence/{squatter.pk}/replace/",
        {"licence": SimpleUploadedFile("又一张.pdf", PDF)},
    )
    squatter.refresh_from_db()
    assert squatter.claim_status == "refused"


def test_a_refused_organisation_may_upload_another_licence(client):
    register(client, confirm=False)
    claim_refuse(_claim(), bureau_of(), "扫描件不清晰")
    page = client.get("/apply/").content.decode()
    assert 'data-claim="refused"' in page and "扫描件不清晰" in page
    response = client.post(
        f"/accounts/licence/{_claim().pk}/replace/",
        {"licence": SimpleUploadedFile("清晰的执照.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40)},
    )
    assert response.status_code == 302
    organisation = _claim()
    assert (organisation.claim_status, organisation.licence_name) == ("pending", "清晰的执照.png")
    assert ModelLogEntry.objects.filter(action="portal.organisation.licence").exists()


def test_the_bureau_of_another_county_can_neither_see_nor_decide_the_claim(client):
    register(client, confirm=False)
    organisation = _claim()
    client.force_login(bureau_of("乐平市", username="leping-bureau"))
    assert client.get("/admin/organisation_claims/").status_code == 200
    listing = client.get("/admin/organisation_claims/").content.decode()
    assert "瑶里古窑瓷业有限公司" not in listing
    inspect = f"/admin/organisation_claims/inspect/{organisation.pk}/"
    assert client.get(inspect).status_code == 404
    decide = f"/admin/organisation_claims/decide/{organisation.pk}/"
    assert client.post(decide, {"action": "confirm", "confirmed": "True"}).status_code == 404
    assert client.get(f"/accounts/licence/{organisation.pk}/").status_code == 404
    with pytest.raises(NotAllowed):
        claim_confirm(organisation, bureau_of("乐平市", "lp2"))
    organisation.refresh_from_db()
    assert organisation.claim_status == "pending"

    # Its own county's bureau sees it, with the licence, and decides.
    client.force_login(bureau_of())
    assert "瑶里古窑瓷业有限公司" in client.get("/admin/organisation_claims/").content.decode()
    assert client.get(inspect).status_code == 200
    # Asked first: nothing is decided, logged or told.
    asked = client.post(decide, {"action": "confirm"})
    assert asked.status_code == 200 and "data-consequence" in asked.content.decode()
    organisation.refresh_from_db()
    assert organisation.claim_status == "pending"
    assert not ModelLogEntry.objects.filter(action="portal.organisation.confirm").exists()
    assert not InboxMessage.objects.filter(event="organisation.claim_confirmed").exists()
    assert client.post(decide, {"action": "confirm", "confirmed": "True"}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.claim_status == "confirmed"


def test_confirming_and_refusing_are_logged_and_told(client):
    register(client, confirm=False)
    bureau = bureau_of()
    client.force_login(bureau)
    decide = f"/admin/organisation_claims/decide/{_claim().pk}/"
    # A refusal needs its reason.
    client.post(decide, {"action": "refuse", "reason": " "})
    assert _claim().claim_status == "pending"
    # Asked first, with the reason again; then refused.
    asked = client.post(decide, {"action": "refuse", "reason": "执照已过期"}).content.decode()
    assert "data-consequence" in asked and _claim().claim_status == "pending"
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\s*执照已过期', asked)
    assert not InboxMessage.objects.filter(event="organisation.claim_refused").exists()
    client.post(decide, {"action": "refuse", "reason": "执照已过期", "confirmed": "True"})
    organisation = _claim()
    assert (organisation.claim_status, organisation.claim_reason) == ("refused", "执照已过期")
    assert (organisation.claim_decided_by, organisation.claim_decided_at is not None) == (
        bureau,
        True,
    )
    entry = ModelLogEntry.objects.get(action="portal.organisation.refuse")
    assert (entry.user_id, entry.object_id, entry.data["reason"]) == (
        bureau.pk,
        str(organisation.pk),
        "执照已过期",
    )
    member = organisation.members.get()
    assert InboxMessage.objects.filter(
        recipient=member, event="organisation.claim_refused"
    ).exists()

    # Decided already: nothing changes.
    client.post(decide, {"action": "confirm"})
    assert _claim().claim_status == "refused"

    Organisation.objects.filter(pk=organisation.pk).update(claim_status="pending")
    client.post(decide, {"action": "confirm", "confirmed": "True"})
    assert _claim().claim_status == "confirmed"
    assert ModelLogEntry.objects.filter(
        action="portal.organisation.confirm", user=bureau, object_id=str(organisation.pk)
    ).exists()
    assert InboxMessage.objects.filter(
        recipient=member, event="organisation.claim_confirmed"
    ).exists()


def test_the_licence_is_private_to_the_organisation_and_its_county_bureau(client):
    register(client, confirm=False)
    organisation = _claim()
    url = f"/accounts/licence/{organisation.pk}/"
    assert b"".join(client.get(url).streaming_content) == PDF  # a member
    inline = client.get(url + "?inline=1")
    assert inline["Content-Security-Policy"] == "sandbox"

    other_code = "91360222MA35QTH01"
    register(client, "other-workshop", uscc=other_code + uscc_check_character(other_code))
    client.force_login(UserFactory(username="other-member"))
    assert client.get(url).status_code == 404
    client.force_login(
        _claim("other-workshop", other_code + uscc_check_character(other_code)).members.get()
    )
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in

    client.force_login(bureau_of())
    assert client.get(url).status_code == 200
    assert (
        ModelLogEntry.objects.filter(action="portal.file.download", data__file="licence").count()
        == 3
    )
