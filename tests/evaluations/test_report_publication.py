"""第三十六条: the evaluation report is published through the bureau's and
the county government's official websites: the report page names them,
and the county government's contact is told with the link."""

import pytest
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
