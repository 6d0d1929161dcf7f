"""Actions of the staff screens that cannot be undone ask to be confirmed
on a page that states the consequence (without JavaScript: the same fields
are re-posted with ``confirmed``); only the confirmed POST acts."""

import datetime
import html
import json
import re

import pytest
import time_machine

from applications.roles import Role
from applications.services.candidates import candidate_list_create
from applications.workflow import State
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def reviewer(client):
    user = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    client.force_login(user)
    return user


def application_in(status, n=1):
    return ApplicationFactory(
        submitted=True,
        category="production",
        organisation=OrganisationFactory(),
        status=status,
        number=n,
    )


def hidden_fields(page: str) -> dict:
    form = page[page.index("data-confirm") :]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.pop("csrfmiddlewaretoken", None)
    return {name: html.unescape(value) for name, value in fields.items()}


def review_form(client, application, action: str) -> str:
    """The HTML of the review page's form of ``action``."""
    page_html = client.get(f"/admin/applications_review/inspect/{application.pk}/").content.decode()
    form = page_html[page_html.index(f'data-action="{action}"') :]
    return form[: form.index("</form>")]


def test_rejecting_asks_for_confirmation_with_the_reason(client, reviewer):
    application = application_in(State.MATERIAL_REVIEW)
    url = f"/admin/applications_review/transition/{application.pk}/"
    response = client.post(url, {"action": "reject", "reason": "场地条件不符"})
    assert response.status_code == 200
    page_html = response.content.decode()
    assert "data-consequence" in page_html
    assert hidden_fields(page_html)["action"] == "reject"
    # The reason is asked again, in the admin's own field, filled in.
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\s*场地条件不符</textarea>', page_html)
    assert "w-field" in page_html
    application.refresh_from_db()
    assert application.status == State.MATERIAL_REVIEW
    done = client.post(url, {"action": "reject", "reason": "场地条件不符", "confirmed": "True"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == State.REJECTED


def test_accepting_the_materials_asks_first(client, reviewer):
    application = application_in(State.MATERIAL_REVIEW)
    url = f"/admin/applications_review/transition/{application.pk}/"
    page_html = client.post(url, {"action": "accept_materials"}).content.decode()
    assert hidden_fields(page_html) == {"action": "accept_materials", "confirmed": "True"}
    assert 'name="reason"' not in page_html.split("data-confirm", 1)[1]
    application.refresh_from_db()
    assert application.status == State.MATERIAL_REVIEW
    client.post(url, hidden_fields(page_html))
    application.refresh_from_db()
    assert application.status == State.FIELD_INSPECTION


def test_what_can_be_undone_acts_at_once(client, reviewer):
    application = application_in(State.SUBMITTED)
    url = f"/admin/applications_review/transition/{application.pk}/"
    assert client.post(url, {"action": "start_review"}).status_code == 302
    application.refresh_from_db()
    assert application.status == State.MATERIAL_REVIEW


def test_the_inspection_form_uses_the_admin_fields_and_distinct_buttons(client, reviewer):
    application = application_in(State.FIELD_INSPECTION)
    record = review_form(client, application, "inspection_record")
    assert record.count('class="w-field__wrapper') >= 4
    assert 'id="inspection-inspectors"' in record
    stage = review_form(client, application, "record_inspection")
    assert "data-confirm-next" in stage
    button = re.compile(r"<button[^>]*>\s*(.*?)\s*</button>", re.S)
    assert button.findall(record)[0] != button.findall(stage)[0]


@time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False)
def test_publishing_the_publicity_asks_first(client, reviewer, site_tree):
    candidates = candidate_list_create(
        user=reviewer,
        title="2025年第一批保护基地备选名单",
        kind="base",
        decision="局务会议研究确定",
        applications=[application_in(State.REVIEWED)],
    )
    url = f"/admin/candidate_lists/publish/{candidates.pk}/"
    body = {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "depth": 0,
                "text": "现将备选名单予以公示。",
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    data = {
        "title": "2025年第一批保护基地备选名单公示",
        "document_number": "景文旅字〔2025〕88号",
        "published_on": "2025-09-22",
        "body": json.dumps(body),
        "contact": "景德镇市文化广电新闻出版旅游局非遗科",
    }
    page = client.post(url, data).content.decode()
    assert "data-consequence" in page
    candidates.refresh_from_db()
    assert candidates.period_id is None
    assert hidden_fields(page) == {**data, "confirmed": "True"}
    response = client.post(url, hidden_fields(page))
    assert response.status_code == 302, response.content.decode()[:3000]
    candidates.refresh_from_db()
    assert candidates.period_id is not None


def test_the_supplement_request_is_the_form_in_the_admin_fields(client, reviewer):
    application = application_in(State.MATERIAL_REVIEW)
    request = review_form(client, application, "request_supplement")
    # Every material's checkbox and note, and the reason, in the admin's fields.
    assert request.count('class="w-field__wrapper') >= 3
    assert 'id="supplement-slots_0"' in request and 'name="slots"' in request
    assert re.search(r'<input type="text" name="note-[a-z_]+"[^>]*placeholder=', request)
    assert re.search(r'<textarea[^>]*name="reason"', request)
    response = client.post(
        f"/admin/applications_review/transition/{application.pk}/",
        {"action": "request_supplement", "slots": ["licence"], "reason": "请补营业执照。"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == State.SUPPLEMENT_REQUESTED
