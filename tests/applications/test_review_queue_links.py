"""The reviewers' queue (申报审核): each row opens the application's review
page, and the admin menu says how many applications wait for the bureau."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.roles import Role
from applications.workflow import State
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer_client(client):
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    return client


def submitted(organisation, n, status=State.SUBMITTED):
    return ApplicationFactory(
        submitted=True,
        category="production",
        organisation=organisation,
        status=status,
        number=n,
    )


def test_each_row_links_to_its_review_page(reviewer_client):
    organisation = OrganisationFactory()
    applications = [submitted(organisation, n) for n in (1, 2)]
    page = reviewer_client.get("/admin/applications_review/?status=submitted").content.decode()
    for application in applications:
        review = f"/admin/applications_review/inspect/{application.pk}/"
        # The title and the row's action both open it.
        assert page.count(f'href="{review}"') >= 2, page
        assert reviewer_client.get(review).status_code == 200
    # Filters still apply.
    assert 'name="status"' in page
    filtered = reviewer_client.get("/admin/applications_review/?status=rejected").content.decode()
    assert f"/inspect/{applications[0].pk}/" not in filtered


def sidebar_label(page: str, name: str) -> dict:
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', page, re.S).group(1)
    found = {}

    def walk(node):
        if isinstance(node, dict):
            if node.get("name") == name and "label" in node:
                found.update(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props))
    return found


def test_the_menu_item_counts_the_applications_waiting_for_the_bureau(reviewer_client):
    organisation = OrganisationFactory()
    submitted(organisation, 1)
    submitted(organisation, 2, status=State.MATERIAL_REVIEW)
    submitted(organisation, 3, status=State.SUPPLEMENT_REQUESTED)  # the applicant's turn
    page = reviewer_client.get("/admin/").content.decode()
    item = sidebar_label(page, "application-review")
    assert item, page
    assert "2" in item["label"]
    # One query for the count, however many wait.
    for n in range(4, 12):
        submitted(organisation, n)
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get("/admin/")
    submitted(organisation, 20)
    with CaptureQueriesContext(connection) as more:
        page = reviewer_client.get("/admin/").content.decode()
    assert len(more) == len(few)
    assert "11" in sidebar_label(page, "application-review")["label"]
