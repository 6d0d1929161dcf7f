"""The check-and-submit step: everything entered, read-only, in the order of
the application's form, materials by name; what is missing, each with a
link to the step that fixes it; the declaration of truthfulness, accepted
and stored with the submission; and a confirmation before it goes, as
plain forms (no script)."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from applications.declaration import DECLARATION_VERSION
from applications.models import Application, Organisation
from applications.services.submission import application_submit
from applications.workflow import State
from portal.core.errors import Refused
from tests.factories import ApplicationFactory, MaterialFactory
from tests.registration import register

pytestmark = pytest.mark.django_db

REQUIRED_SLOTS = ("application_form", "licence", "site_proof", "staff_list")
NARRATIVES = ("authenticity", "inheritors", "safeguarding", "participation", "benefits")
SUBMIT = {"declaration": "on", "version": DECLARATION_VERSION, "confirmed": "True"}


def complete_draft(user, organisation, **changes) -> Application:
    """A base draft of ``organisation`` that meets every condition, with its
    required materials (the representative inheritors' branch)."""
    application = ApplicationFactory(
        organisation=organisation,
        created_by=user,
        category="production",
        with_craft=True,
        inheritor_branch="representative",
        inheritors=[{"name": "王师傅", "level": "国家级"}],
        site_area_m2=Decimal("1200"),
        staff_count=35,
        narrative={k: "本单位坚持手工制瓷核心技艺。" for k in NARRATIVES},
        **changes,
    )
    for slot in (*REQUIRED_SLOTS, "inheritor_certificates"):
        MaterialFactory(application=application, slot=slot, original_name=f"{slot}.pdf")
    return application


@pytest.fixture
def draft(client):
    """A registered, verified and confirmed applicant, signed in, with a
    complete draft."""
    register(client)
    user = get_user_model().objects.get(username="workshop")
    return complete_draft(user, Organisation.objects.get(members=user))


def test_the_check_shows_everything_entered_in_the_forms_order_with_materials_by_name(
    client, draft
):
    page = client.get(f"/en/apply/{draft.pk}/review/").content.decode()
    sections = re.findall(r'data-section="([a-z]+)"', page)
    assert sections == ["projects", "numbers", "materials"]
    assert "景德镇手工制瓷技艺" in page and "王师傅" in page and "1200" in page
    # Materials by the slot's label in the form's order, never by code.
    labels = [
        "Application form",
        "Business licence or legal person certificate",
        "Proof of the site (title deed or lease)",
        "List of staff",
    ]
    positions = [page.index(f"<strong>{label}</strong>") for label in labels]
    assert positions == sorted(positions)
    assert "<strong>licence</strong>" not in page
    # Read-only: no input of the steps' fields on the check page.
    assert 'name="site_area_m2"' not in page and "data-problems" not in page
    assert f'data-declaration="{DECLARATION_VERSION}"' in page
    assert 'name="declaration"' in page and 'type="checkbox"' in page


def test_what_is_missing_links_to_the_step_that_fixes_it(client, draft):
    draft.materials.filter(slot="staff_list").delete()
    Application.objects.filter(pk=draft.pk).update(staff_count=None)
    page = client.get(f"/en/apply/{draft.pk}/review/").content.decode()
    problems = re.search(r"<ul data-problems>(.*?)</ul>", page, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", problems, re.S)
    staff = next(item for item in items if "number of staff" in item)
    upload = next(item for item in items if "List of staff" in item)
    assert f'href="/en/apply/{draft.pk}/numbers/"' in staff
    assert f'href="/en/apply/{draft.pk}/materials/"' in upload
    # Nothing to accept while something is missing.
    assert "data-declaration-form" not in page


def test_the_declaration_must_be_accepted(client, draft):
    response = client.post(f"/apply/{draft.pk}/review/", {"version": DECLARATION_VERSION})
    assert response.status_code == 200 and "field--error" in response.text
    draft.refresh_from_db()
    assert draft.status == State.DRAFT and draft.declaration_accepted_at is None


def test_accepting_asks_for_confirmation_then_submits_and_stores_the_acceptance(client, draft):
    confirm = client.post(
        f"/apply/{draft.pk}/review/", {"declaration": "on", "version": DECLARATION_VERSION}
    )
    assert confirm.status_code == 200 and "data-submit-confirm" in confirm.text
    assert 'name="confirmed"' in confirm.text
    draft.refresh_from_db()
    assert draft.status == State.DRAFT

    response = client.post(f"/apply/{draft.pk}/review/", SUBMIT)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == State.SUBMITTED
    assert draft.declaration_accepted_by.username == "workshop"
    assert draft.declaration_accepted_at == draft.submitted_at
    assert draft.declaration_version == DECLARATION_VERSION
    entry = ModelLogEntry.objects.get(action="portal.application.submit")
    assert entry.data["declaration_version"] == DECLARATION_VERSION


def test_a_declaration_of_another_version_is_refused(client, draft):
    page = client.post(f"/en/apply/{draft.pk}/review/", {**SUBMIT, "version": "2020-1"}).text
    assert "declaration of truthfulness as it stands now" in page
    draft.refresh_from_db()
    assert draft.status == State.DRAFT and draft.declaration_version == ""


def test_the_service_refuses_without_the_declaration_and_changes_nothing(draft):
    with pytest.raises(Refused):
        application_submit(application=draft, user=draft.created_by, declaration_version="")
    draft.refresh_from_db()
    assert draft.status == State.DRAFT and draft.receipt_number is None


def test_a_reserve_check_shows_its_own_steps(client, draft):
    Application.objects.filter(pk=draft.pk).update(kind="reserve")
    page = client.get(f"/en/apply/{draft.pk}/review/").content.decode()
    assert re.findall(r'data-section="([a-z]+)"', page) == ["area", "outline", "materials"]
    assert f'href="/en/apply/{draft.pk}/outline/"' in page
