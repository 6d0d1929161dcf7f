"""A draft can be deleted, after a page saying it cannot be undone; its
files go with its rows once the deletion has committed; the deletion is
in the audit log."""

import pytest
from django.utils import translation
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from applications.models import Application, Material
from applications.roles import Role
from tests.applications.drafts_helpers import applicant_with_draft
from tests.factories import MaterialFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client):
    user, application = applicant_with_draft()
    client.force_login(user)
    return application


def test_the_confirmation_page_says_it_cannot_be_undone(client, draft):
    MaterialFactory(application=draft, uploaded_by=draft.created_by)
    with translation.override("en"):
        page = client.get(f"/en/apply/{draft.pk}/delete/").content.decode()
    assert "This cannot be undone." in page
    assert "1 uploaded file will be deleted." in page
    assert Application.objects.filter(pk=draft.pk).exists()


def test_deleting_removes_rows_then_files_and_logs(
    client, draft, django_capture_on_commit_callbacks
):
    material = MaterialFactory(application=draft, uploaded_by=draft.created_by)
    storage, name = material.file.storage, material.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/apply/{draft.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/apply/"
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not Material.objects.exists()
    # The file is still there until the deletion commits.
    assert storage.exists(name)
    for callback in callbacks:
        callback()
    assert not storage.exists(name)
    entry = ModelLogEntry.objects.get(action="portal.application.delete_draft")
    assert entry.object_id == str(draft.pk)
    assert entry.user == draft.created_by
    assert entry.data["materials"] == [{"slot": "licence", "name": "licence.pdf"}]
    assert registry.action_exists("portal.application.delete_draft")


def test_a_submitted_application_cannot_be_deleted(client, draft):
    Application.objects.filter(pk=draft.pk).update(status="submitted")
    assert client.get(f"/apply/{draft.pk}/delete/").status_code == 302
    response = client.post(f"/apply/{draft.pk}/delete/")
    assert response["Location"] == f"/apply/{draft.pk}/review/"
    assert Application.objects.filter(pk=draft.pk).exists()
    assert not ModelLogEntry.objects.filter(action="portal.application.delete_draft").exists()


def test_a_draft_returned_to_after_a_receipt_cannot_be_deleted(client, draft):
    Application.objects.filter(pk=draft.pk).update(receipt_number="JDZ-JD-2025-0001")
    response = client.post(f"/apply/{draft.pk}/delete/")
    assert response["Location"] == f"/apply/{draft.pk}/review/"
    assert Application.objects.filter(pk=draft.pk).exists()


def test_someone_elses_draft_is_not_found(client, draft):
    owner = draft.created_by
    client.force_login(UserFactory(username="stranger", roles=[Role.APPLICANT]))
    assert client.get(f"/apply/{draft.pk}/delete/").status_code == 404
    assert client.post(f"/apply/{draft.pk}/delete/").status_code == 404
    assert Application.objects.filter(pk=draft.pk).exists()
    client.force_login(owner)
    assert client.get(f"/apply/{draft.pk}/delete/").status_code == 200


def test_the_draft_steps_link_to_deleting(client, draft):
    page = client.get(f"/apply/{draft.pk}/").content.decode()
    assert f'href="/apply/{draft.pk}/delete/"' in page
