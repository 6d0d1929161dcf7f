"""The steps of a draft save themselves while the applicant types (a JSON
autosave: same forms and service as the save buttons, CSRF, a per-user
rate), the session can be kept alive before its idle end, and the pages
carry the warning and the script that keeps typed text across an ended
session."""

import pytest
from django.test import Client
from django.utils import translation
from wagtail.models import ModelLogEntry

from applications.models import Application
from applications.roles import Role
from applications.views import drafts as draft_views
from tests.applications.drafts_helpers import applicant_with_draft
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NUMBERS = {
    "site_area_m2": "1200",
    "staff_count": "35",
    "senior-TOTAL_FORMS": "3",
    "senior-INITIAL_FORMS": "0",
    "authenticity": "坚持手工制瓷。",
    "inheritors": "",
    "safeguarding": "",
    "participation": "",
    "benefits": "",
}


@pytest.fixture
def draft(client):
    user, application = applicant_with_draft()
    client.force_login(user)
    return application


def autosave(client, application, step, data):
    return client.post(f"/apply/{application.pk}/autosave/{step}/", data)


def test_autosave_saves_the_step_with_the_services_log(client, draft):
    response = autosave(client, draft, "numbers", NUMBERS)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True
    assert body["not_saved"] == []
    assert len(body["time"]) == 5 and body["time"][2] == ":"
    draft.refresh_from_db()
    assert str(draft.site_area_m2) == "1200.0"
    assert draft.staff_count == 35
    assert draft.narrative["authenticity"] == "坚持手工制瓷。"
    entry = ModelLogEntry.objects.get(action="portal.application.edit")
    assert "narrative" in entry.data["fields"]


def test_an_invalid_field_keeps_its_saved_value_and_the_others_are_saved(client, draft):
    autosave(client, draft, "numbers", NUMBERS)
    response = autosave(
        client,
        draft,
        "numbers",
        {**NUMBERS, "staff_count": "三十五", "safeguarding": "建立档案。", "authenticity": ""},
    )
    assert response.status_code == 200
    assert response.json()["not_saved"] == ["staff_count"]
    draft.refresh_from_db()
    assert draft.staff_count == 35  # kept, not emptied
    assert draft.narrative["safeguarding"] == "建立档案。"
    assert draft.narrative["authenticity"] == ""
    assert str(draft.site_area_m2) == "1200.0"


def test_a_half_filled_row_keeps_the_saved_rows_and_the_rest_is_saved(client, draft):
    base = {
        "category": "production",
        "projects-TOTAL_FORMS": "2",
        "projects-INITIAL_FORMS": "0",
        "projects-0-name": "景德镇手工制瓷技艺",
        "projects-0-level": "国家级",
        "inheritors-TOTAL_FORMS": "0",
        "inheritors-INITIAL_FORMS": "0",
        "holders-TOTAL_FORMS": "0",
        "holders-INITIAL_FORMS": "0",
    }
    assert autosave(client, draft, "projects", base).json()["saved"]
    # A second project typed, its level not chosen yet; the category changed.
    response = autosave(
        client,
        draft,
        "projects",
        {**base, "category": "research", "projects-1-name": "青花瓷制作技艺"},
    )
    assert response.json()["not_saved"] == ["projects"]
    draft.refresh_from_db()
    assert draft.category == "research"
    assert [p["name"] for p in draft.ich_projects] == ["景德镇手工制瓷技艺"]


def test_the_outline_of_a_reserve_is_merged(client):
    user, application = applicant_with_draft(username="bureau-drafter", kind="reserve")
    client.force_login(user)
    application.outline = {"part1": "地理与历史。", "part2": "区域范围。"}
    application.save()
    response = autosave(client, application, "outline", {"part1": "新的第一部分。"})
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.outline["part1"] == "新的第一部分。"
    assert application.outline["part2"] == ""  # the form sent it empty
    # The wrong kind's step is refused.
    assert autosave(client, application, "numbers", NUMBERS).status_code == 409


def test_without_a_session_the_autosave_answers_401_and_changes_nothing(draft):
    response = autosave(Client(), draft, "numbers", NUMBERS)
    assert response.status_code == 401
    assert response.json()["signed_in"] is False
    assert Application.objects.get(pk=draft.pk).staff_count is None


def test_the_autosave_needs_the_csrf_token(draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(draft.created_by)
    assert autosave(client, draft, "numbers", NUMBERS).status_code == 403
    assert Application.objects.get(pk=draft.pk).staff_count is None


def test_another_organisations_draft_is_not_found_and_a_submitted_one_refused(client, draft):
    client.force_login(UserFactory(username="stranger", roles=[Role.APPLICANT]))
    assert autosave(client, draft, "numbers", NUMBERS).status_code == 404
    client.force_login(draft.created_by)
    Application.objects.filter(pk=draft.pk).update(status="submitted")
    assert autosave(client, draft, "numbers", NUMBERS).status_code == 409
    assert autosave(client, draft, "unknown", NUMBERS).status_code in (404, 409)


def test_the_autosave_is_rate_limited_per_user(client, draft, monkeypatch, still_clock):
    monkeypatch.setattr(draft_views, "AUTOSAVE_RATE", "2/h")
    assert autosave(client, draft, "numbers", NUMBERS).status_code == 200
    assert autosave(client, draft, "numbers", NUMBERS).status_code == 200
    limited = autosave(client, draft, "numbers", {**NUMBERS, "staff_count": "40"})
    assert limited.status_code == 429
    assert limited.json()["saved"] is False
    assert Application.objects.get(pk=draft.pk).staff_count == 35
    # Another applicant from the same address is not limited by it.
    other, theirs = applicant_with_draft(username="neighbour")
    client.force_login(other)
    assert autosave(client, theirs, "numbers", NUMBERS).status_code == 200


def test_keep_alive_extends_a_signed_in_session_only(client, draft, settings):
    response = client.post("/apply/keep-alive/")
    assert response.status_code == 200
    assert response.json() == {"signed_in": True, "seconds": settings.SESSION_COOKIE_AGE}
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE
    assert Client().post("/apply/keep-alive/").status_code == 401
    assert client.get("/apply/keep-alive/").status_code == 405


def test_each_typed_step_carries_the_autosave_and_the_idle_warning(client, draft, settings):
    settings.SESSION_COOKIE_AGE = 600
    with translation.override("en"):
        page = client.get(f"/en/apply/{draft.pk}/numbers/").content.decode()
    assert f'data-autosave-url="/en/apply/{draft.pk}/autosave/numbers/"' in page
    assert 'role="alertdialog"' in page
    assert 'data-session-age="600"' in page
    assert 'data-warn-before="120"' in page
    assert "data-keep-alive" in page
    assert "Stay signed in" in page
    assert "applications/draft" in page
    assert f"/en/apply/{draft.pk}/delete/" in page


def test_a_save_that_finds_the_session_ended_goes_to_sign_in_and_back_to_the_step(draft):
    """The script sends a save to ``<step>?resume=1``; without a session the
    save goes to sign in with ``next`` back to that address, where the
    script puts the kept text back (tests/browser/test_draft_browser.py)."""
    response = Client().post(f"/apply/{draft.pk}/numbers/?resume=1", NUMBERS)
    assert response.status_code == 302
    assert response["Location"] == (
        f"/accounts/login/?next=/apply/{draft.pk}/numbers/%3Fresume%3D1"
    )
    client = Client()
    signed_in = client.post(
        response["Location"], {"username": "drafter", "password": "Jdz-test-2026"}
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == f"/apply/{draft.pk}/numbers/?resume=1"
