"""第三十六条: the evaluation report is published through the bureau's and
the county government's official websites: the report page names them,
and the county government's contact is told with the link."""

import re

import pytest
from django.test import Client
from django.utils import translation

from evaluations.models import CountyGovernment
from portal.core.models import OutboxEmail
from tests.evaluations.test_evaluations import (  # noqa: F401 (fixtures)
    conclude,
    due_unit,
    experts,
    member,
    reviewer,
    scored,
)

pytestmark = pytest.mark.django_db


def test_the_county_government_is_told_and_named_on_the_report(scored, reviewer, client):  # noqa: F811
    government = CountyGovernment.objects.create(
        county=scored.unit.county,
        name="浮梁县人民政府",
        website="https://www.fuliang.gov.cn/",
        contact_email="office@fuliang.example",
    )
    evaluation = conclude(scored, reviewer)
    email = OutboxEmail.objects.get(to="office@fuliang.example")
    page = evaluation.report_page
    assert page.url in email.body and government.name in email.body
    with translation.override("en"):
        html = client.get(page.url).content.decode()
    assert "data-published-elsewhere" in html
    assert "浮梁县人民政府" in html and "https://www.fuliang.gov.cn/" in html


def test_without_a_contact_nobody_is_emailed(scored, reviewer):  # noqa: F811
    conclude(scored, reviewer)
    assert not OutboxEmail.objects.filter(event="evaluation.report_county").exists()


def test_the_bureau_records_the_county_governments_in_the_admin(client, site_tree):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/admin/snippets/evaluations/countygovernment/add/")
    assert response.status_code == 200
    assert 'name="contact_email"' in response.content.decode()


def test_each_county_of_a_zone_spanning_several_is_told(scored, reviewer):  # noqa: F811
    """A reserve spanning several counties (第六条（一）): each of its counties'
    governments with a contact is told, the lead's and the others'; one
    without a contact, or of a county outside the zone, is not."""
    from wagtail.models import ModelLogEntry

    from applications.models import County

    unit = scored.unit
    unit.kind, unit.category = "reserve", ""
    unit.save(update_fields=["kind", "category"])
    lead, leping, changjiang, zhushan = (
        County.objects.get(name=name) for name in ("浮梁县", "乐平市", "昌江区", "珠山区")
    )
    assert unit.county == lead
    unit.counties.set([lead, leping, changjiang])
    for county, email in (
        (lead, "office@fuliang.example"),
        (leping, "office@leping.example"),
        (changjiang, ""),
        (zhushan, "office@zhushan.example"),
    ):
        CountyGovernment.objects.create(
            county=county, name=f"{county.name}人民政府", contact_email=email
        )
    evaluation = conclude(scored, reviewer)
    told = OutboxEmail.objects.filter(event="evaluation.report_county")
    assert sorted(told.values_list("to", flat=True)) == [
        "office@fuliang.example",
        "office@leping.example",
    ]
    page = evaluation.report_page
    for email in told:
        assert page.url in email.body
    assert "乐平市人民政府" in told.get(to="office@leping.example").body
    entries = ModelLogEntry.objects.filter(
        action="portal.notification.sent", data__event="evaluation.report_county"
    )
    assert entries.count() == 2
    # The report page names every county's government on record, the
    # lead's first (one with no contact is still named: it publishes too).
    html = Client().get(page.url).content.decode()
    named = re.search(r"data-published-elsewhere>(.*?)</p>", html, re.S).group(1)
    assert named.index("浮梁县人民政府") < named.index("乐平市人民政府")
    assert "昌江区人民政府" in named
    assert "珠山区人民政府" not in named
