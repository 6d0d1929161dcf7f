"""Finding 11, ids: an object the user may not read answers exactly as one
that does not exist — the same status and the same page — on the
applicant's side (files, receipts), the review side (the review page, an
evaluation's scoring page) and the unit's pages; the answer tells nothing
of which ids exist."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile

from applications.roles import Role
from evaluations.models import Evaluation, EvaluationRound
from portal.core.models import CalendarYear
from tests.factories import (
    ApplicationFactory,
    MaterialFactory,
    OrganisationFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MISSING = 987654
# The header's sign-out form carries a CSRF token masked anew at each render.
CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')


def _page(response, path: str) -> str:
    return CSRF_TOKEN.sub(r'\1TOKEN"', response.content.decode().replace(path, "PATH"))


def assert_same_answer(client, existing: str, missing: str):
    """Both paths answer 404 with the same page (the path itself aside,
    which the page's language switch repeats, and the CSRF token's mask)."""
    seen = client.get(existing)
    unseen = client.get(missing)
    assert (seen.status_code, unseen.status_code) == (404, 404), (existing, seen.status_code)
    assert _page(seen, existing) == _page(unseen, missing)


@pytest.fixture
def others_application(site_tree):
    """A submitted application of an organisation with a receipt PDF and a
    material, and its member."""
    owner = UserFactory(roles=[Role.APPLICANT])
    material = MaterialFactory(application=ApplicationFactory(submitted=True))
    material.application.organisation.members.add(owner)
    material.application.receipt_pdf.save("r.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return material


def test_another_organisations_files_and_pages_answer_as_missing_ones(client, others_application):
    material = others_application
    pk = material.application.pk
    unit = UnitFactory(member=UserFactory())
    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    assert_same_answer(
        client, f"/apply/{pk}/materials/{material.pk}/", f"/apply/{MISSING}/materials/{MISSING}/"
    )
    assert_same_answer(client, f"/apply/{pk}/receipt.pdf", f"/apply/{MISSING}/receipt.pdf")
    for step in ("", "numbers/", "materials/", "review/"):
        assert_same_answer(client, f"/apply/{pk}/{step}", f"/apply/{MISSING}/{step}")
    for tail in ("", "plan/", "self-assessment/2025/", "self-assessment/2025/report/"):
        assert_same_answer(client, f"/units/{unit.code}/{tail}", f"/units/2099-JD-999/{tail}")


def test_the_review_page_answers_an_expert_as_for_a_missing_application(client, others_application):
    pk = others_application.application.pk
    client.force_login(UserFactory(roles=[Role.EXPERT]))
    assert_same_answer(
        client,
        f"/admin/applications_review/inspect/{pk}/",
        f"/admin/applications_review/inspect/{MISSING}/",
    )


def test_a_scoring_page_answers_the_unassigned_as_for_a_missing_evaluation(client, site_tree):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    evaluation = Evaluation.objects.create(
        round=EvaluationRound.objects.create(
            title="2026年全面评估", opened_on=datetime.date(2026, 1, 5), opened_by=reviewer
        ),
        unit=UnitFactory(),
    )
    client.force_login(UserFactory(roles=[Role.EXPERT]))
    assert_same_answer(
        client,
        f"/admin/evaluation_rounds/evaluation/{evaluation.pk}/score/",
        f"/admin/evaluation_rounds/evaluation/{MISSING}/score/",
    )


def test_the_staff_screens_answer_an_expert_as_for_missing_objects(client, site_tree):
    """Every staff screen (NotFoundWhenForbidden): an expert, who may open
    the admin but none of these screens, gets the same 404 for an id that
    exists as for one that does not."""
    organisation = OrganisationFactory()
    unit = UnitFactory()
    year = CalendarYear.objects.order_by("year").first()
    client.force_login(UserFactory(roles=[Role.EXPERT]))
    for existing, missing in (
        (f"/admin/organisations/edit/{organisation.pk}/", f"/admin/organisations/edit/{MISSING}/"),
        (f"/admin/units/inspect/{unit.pk}/", f"/admin/units/inspect/{MISSING}/"),
        (f"/admin/units/edit/{unit.pk}/", f"/admin/units/edit/{MISSING}/"),
        (f"/admin/calendar_years/edit/{year.pk}/", f"/admin/calendar_years/edit/{MISSING}/"),
        (
            f"/admin/organisation_claims/inspect/{organisation.pk}/",
            f"/admin/organisation_claims/inspect/{MISSING}/",
        ),
    ):
        assert_same_answer(client, existing, missing)


def test_a_staff_listing_still_redirects_with_a_message(client, site_tree):
    """A listing names no id: Wagtail's own answer (back to the dashboard
    with "no permission") stays."""
    client.force_login(UserFactory(roles=[Role.EXPERT]))
    assert client.get("/admin/organisations/").status_code == 302
