"""After submission the application's page shows where it stands, the
receipt (being prepared, then ready: its region is fetched again without a
manual reload), every step read-only, and a withdrawal with its reason,
confirmed first, where the workflow allows it."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from applications.models import Organisation
from applications.services.submission import receipt_render_store
from applications.workflow import TRANSITIONS_BY_ACTION, State
from tests.applications.test_check_and_submit import SUBMIT, complete_draft
from tests.factories import UserFactory
from tests.portal.pdf_text import pdf_text
from tests.registration import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client):
    register(client)
    return get_user_model().objects.get(username="workshop")


@pytest.fixture
def draft(applicant):
    return complete_draft(applicant, Organisation.objects.get(members=applicant))


def submit(client, application, capture, *, render=True):
    with capture(execute=render):
        response = client.post(f"/apply/{application.pk}/review/", SUBMIT)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == State.SUBMITTED
    return application


def test_while_the_receipt_is_prepared_its_region_is_fetched_again_until_ready(
    client, draft, django_capture_on_commit_callbacks
):
    application = submit(client, draft, django_capture_on_commit_callbacks, render=False)
    page = client.get(f"/apply/{application.pk}/review/").text
    assert "data-receipt-pending" in page and "applications/receipt.js" in page
    assert f'data-refresh="/apply/{application.pk}/receipt/"' in page
    region = client.get(f"/apply/{application.pk}/receipt/").text
    assert "data-receipt-pending" in region and "data-receipt " not in region
    # The Celery task renders it (after the commit, here at once).
    receipt_render_store(application_id=application.pk)
    region = client.get(f"/apply/{application.pk}/receipt/").text
    assert "data-receipt-pending" not in region and "data-receipt" in region
    page = client.get(f"/apply/{application.pk}/review/").text
    assert "applications/receipt.js" not in page


def test_the_receipt_lists_the_materials_by_name_in_the_forms_order(
    client, draft, django_capture_on_commit_callbacks
):
    application = submit(client, draft, django_capture_on_commit_callbacks)
    page = client.get(f"/apply/{application.pk}/review/").text
    assert "data-receipt-pending" not in page and "data-receipt" in page
    names = ["申报书", "营业执照或法人登记证书", "场地证明（产权证或租赁合同）", "从业人员名单"]
    region = re.search(r"<ol data-receipt-materials>(.*?)</ol>", page, re.S).group(1)
    assert [region.index(n) for n in names] == sorted(region.index(n) for n in names)
    receipt = client.get(f"/apply/{application.pk}/receipt.pdf")
    text = pdf_text(b"".join(receipt.streaming_content))
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    assert "licence.pdf" in text


def test_the_page_shows_the_path_and_each_step_read_only(
    client, draft, django_capture_on_commit_callbacks
):
    application = submit(client, draft, django_capture_on_commit_callbacks)
    page = client.get(f"/apply/{application.pk}/review/").text
    assert 'data-stage="material_review" data-standing="current"' in page
    assert 'data-stage="apply" data-standing="done"' in page
    for step in ("projects", "numbers", "materials"):
        assert f'href="/apply/{application.pk}/submitted/{step}/"' in page
    projects = client.get(f"/en/apply/{application.pk}/submitted/projects/").text
    assert "data-read-only" in projects and "景德镇手工制瓷技艺" in projects
    assert "<form" not in projects.split("<main", 1)[-1].split("</main>", 1)[0]
    materials = client.get(f"/en/apply/{application.pk}/submitted/materials/").text
    assert "List of staff" in materials and "staff_list.pdf" in materials
    # The editing steps send a submitted application to its page.
    edit = client.get(f"/apply/{application.pk}/numbers/")
    assert edit.status_code == 302 and edit.url.endswith(f"/apply/{application.pk}/review/")
    assert client.get(f"/apply/{application.pk}/submitted/review/").status_code == 404


def test_a_draft_is_read_on_its_editing_steps_and_others_see_nothing(client, draft):
    response = client.get(f"/apply/{draft.pk}/submitted/numbers/")
    assert response.status_code == 302 and response.url.endswith(f"/apply/{draft.pk}/numbers/")
    client.force_login(UserFactory())
    assert client.get(f"/apply/{draft.pk}/submitted/numbers/").status_code == 404
    assert client.get(f"/apply/{draft.pk}/receipt/").status_code == 404


def test_withdrawing_asks_for_confirmation_then_takes_the_declared_transition(
    client, draft, django_capture_on_commit_callbacks
):
    application = submit(client, draft, django_capture_on_commit_callbacks)
    assert application.status in TRANSITIONS_BY_ACTION["withdraw"].sources
    page = client.get(f"/apply/{application.pk}/review/").text
    assert "data-withdraw" in page
    confirm = client.post(f"/apply/{application.pk}/withdraw/", {"reason": "另行申报"})
    assert "data-withdraw-confirm" in confirm.text and "另行申报" in confirm.text
    application.refresh_from_db()
    assert application.status == State.SUBMITTED
    client.post(f"/apply/{application.pk}/withdraw/", {"reason": "另行申报", "confirmed": "True"})
    application.refresh_from_db()
    assert application.status == State.WITHDRAWN
    entry = ModelLogEntry.objects.get(action="portal.application.withdraw")
    assert (entry.data["from"], entry.data["reason"]) == (State.SUBMITTED, "另行申报")
    page = client.get(f"/apply/{application.pk}/review/").text
    assert 'data-exit="withdrawn"' in page and "data-withdraw-confirm" not in page
    assert 'data-stage="material_review" data-standing="exit"' in page


def test_a_draft_offers_no_withdrawal(client, draft):
    page = client.get(f"/apply/{draft.pk}/review/").text
    assert "data-withdraw" not in page
