"""The staff pages take as many queries with 30 rows as with 5 (the figures
of benchmarks/staff_pages.py depend on it)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import ExpertAssignment
from applications.roles import Role
from applications.workflow import State
from tests.factories import ApplicationFactory, OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

STATES = [s for s in State.values if s != State.DRAFT]


def _rows(n: int, reviewer, expert) -> ExpertAssignment:
    from applications.models import County

    counties = list(County.objects.all())
    first = None
    for i in range(n):
        organisation = OrganisationFactory(
            uscc=f"9136022200000{i:04d}X", name=f"单位{i}", county=counties[i % len(counties)]
        )
        application = ApplicationFactory(
            organisation=organisation,
            status=State.EXPERT_REVIEW if i == 0 else STATES[i % len(STATES)],
            number=8000 + i,
            submitted_at=datetime.datetime(2025, 9, 1, 9, tzinfo=datetime.UTC),
        )
        UnitFactory(organisation=organisation, county=organisation.county)
        first = first or application
    return ExpertAssignment.objects.create(
        application=first,
        expert=expert,
        assigned_by=reviewer,
        declared_no_conflict_at=datetime.datetime(2025, 9, 2, tzinfo=datetime.UTC),
    )


def _count(client, url: str) -> int:
    client.get(url)  # caches warm, as in the benchmark
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


PAGES = {
    "dashboard": (False, lambda a: "/admin/"),
    "queue": (False, lambda a: "/admin/applications_review/"),
    "review page": (False, lambda a: f"/admin/applications_review/inspect/{a.application_id}/"),
    "expert page": (True, lambda a: f"/admin/my-reviews/{a.pk}/"),
    "units listing": (False, lambda a: "/admin/units/"),
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_the_rows(page, client, django_assert_max_num_queries):
    as_expert, url_of = PAGES[page]
    reviewer = UserFactory(username="reviewer", roles=[Role.MUNICIPAL_REVIEWER])
    expert = UserFactory(username="expert", roles=[Role.EXPERT])
    client.force_login(expert if as_expert else reviewer)
    assignment = _rows(5, reviewer, expert)
    few = _count(client, url_of(assignment))
    _rows_more = [_more(i, reviewer) for i in range(5, 30)]
    assert len(_rows_more) == 25
    with django_assert_max_num_queries(few):
        assert client.get(url_of(assignment)).status_code == 200


def _more(i: int, reviewer):
    from applications.models import County

    counties = list(County.objects.all())
    organisation = OrganisationFactory(
        uscc=f"9136022200000{i:04d}X", name=f"单位{i}", county=counties[i % len(counties)]
    )
    ApplicationFactory(
        organisation=organisation,
        status=STATES[i % len(STATES)],
        number=8000 + i,
        submitted_at=datetime.datetime(2025, 9, 1, 9, tzinfo=datetime.UTC),
    )
    return UnitFactory(organisation=organisation, county=organisation.county)
