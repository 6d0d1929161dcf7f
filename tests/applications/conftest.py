"""Fixtures of the reserve applications spanning several counties
(第六条（一）): the lead county bureau and another county's."""

import datetime

import pytest

from applications.models import County
from tests.factories import OrganisationFactory
from tests.registration import bureau_of

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def bureau_client(client):
    """Signed in as 浮梁县's bureau, the lead, with its organisation."""
    from applications.models import AccountProfile

    user = bureau_of("浮梁县", username="fuliang-bureau")
    AccountProfile.objects.filter(user=user).update(
        email_verified_at=datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    )
    organisation = OrganisationFactory(
        uscc="91110000600037341L",
        name="浮梁县文化广电新闻出版旅游局",
        county=County.objects.get(name="浮梁县"),
    )
    organisation.members.add(user)
    client.force_login(user)
    client.organisation = organisation
    return client


@pytest.fixture
def leping():
    from applications.models import AccountProfile

    user = bureau_of("乐平市", username="leping-bureau")
    AccountProfile.objects.filter(user=user).update(
        email_verified_at=datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    )
    return user
