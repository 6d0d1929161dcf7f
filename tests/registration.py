"""Registering an applicant as a browser does, for the tests: the form
with the business licence, the activation link from the email outbox,
signing in, and the county bureau's confirmation of the organisation."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

PASSWORD = "Jdz-apply-2026"
USCC = "91350100M000100Y43"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LINK = re.compile(r"https?://\S+/accounts/verify/\S+/")


def registration_data(username="workshop", uscc=USCC, **changes) -> dict:
    """The registration form's fields, for an organisation in 瑶里镇."""
    from applications.models import Township

    township = Township.objects.get(name="瑶里镇")
    return {
        "username": username,
        "email": f"{username}@example.invalid",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "uscc": uscc,
        "organisation_name": "瑶里古窑瓷业有限公司",
        "county": township.county_id,
        "township": township.pk,
        "address": "浮梁县瑶里镇",
        "contact_name": "陈师傅",
        "contact_phone": "0798-8888888",
        "licence": SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf"),
        "privacy_consent": "on",
    } | changes


def register_post(client, username="workshop", uscc=USCC, **changes):
    """Posts the registration form; returns the response."""
    return client.post("/accounts/register/", registration_data(username, uscc, **changes))


def mailed_to(address: str) -> list[str]:
    """The bodies of the emails written to ``address``, oldest first."""
    from portal.core.models import OutboxEmail

    return list(
        OutboxEmail.objects.filter(to=address).order_by("pk").values_list("body", flat=True)
    )


def activation_link(address: str) -> str:
    """The last activation link written to ``address``."""
    for body in reversed(mailed_to(address)):
        found = LINK.search(body)
        if found:
            return found.group(0)
    raise AssertionError(f"no activation link to {address}")


def bureau_of(county_name: str = "浮梁县", username: str = "county-bureau"):
    """A county bureau account of ``county_name``."""
    from applications.models import AccountProfile, County
    from applications.roles import Role
    from tests.factories import UserFactory

    user = UserFactory(username=username, roles=[Role.COUNTY_BUREAU])
    AccountProfile.objects.update_or_create(
        user=user, defaults={"county": County.objects.get(name=county_name)}
    )
    return user


def claim_confirm(organisation, user):
    """The county bureau ``user`` confirms ``organisation``'s claim."""
    from applications.services.claims import organisation_claim_confirm

    return organisation_claim_confirm(organisation=organisation, user=user)


def claim_refuse(organisation, user, reason: str):
    """The county bureau ``user`` refuses ``organisation``'s claim."""
    from applications.services.claims import organisation_claim_refuse

    return organisation_claim_refuse(organisation=organisation, user=user, reason=reason)


def register(client, username="workshop", uscc=USCC, *, confirm=True, **changes):
    """Registers, opens the account by its link, signs in and (unless
    ``confirm`` is False) has the county bureau confirm the organisation.
    Returns the registration's response."""
    from applications.models import Organisation

    response = register_post(client, username, uscc, **changes)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.get(activation_link(f"{username}@example.invalid"))
    assert client.login(username=username, password=PASSWORD)
    if confirm:
        organisation = Organisation.objects.get(uscc=uscc, members__username=username)
        claim_confirm(organisation, bureau_of())
    return response
