"""What no person types — 10,000 characters, a NUL byte — posted to each
screen of the units app: refused with a page (4xx) or a message that
says so, never a server error, and nothing written."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from applications.models import Organisation, Township
from applications.roles import Role
from evaluations.forms import AssessmentActionForm
from evaluations.models import (
    Acceptance,
    Approval,
    EvaluationRound,
    Indicator,
    MasterPlan,
    ProtectedUnit,
    RectificationOrder,
    RectificationStatus,
    SelfAssessment,
    UnitImport,
)
from evaluations.services.rectification import rectification_order_issue
from tests.evaluations.conftest import pdf
from tests.evaluations.test_import import GOOD_ROWS, csv_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONG = "瓷" * 10_000
NUL = "景德镇\x00"
BAD = pytest.mark.parametrize("bad", [LONG, NUL], ids=["long", "nul"])


def errors_told(response) -> list[str]:
    """The error messages a response leaves for the next page."""
    return [str(m) for m in get_messages(response.wsgi_request) if m.level == messages.ERROR]


def refused_page(response) -> bool:
    """A page that comes back refused: 400 with the form's errors."""
    return response.status_code == 400 and bool(response.context["form"].errors)


# The unit's own pages.

ASSESSMENT = {
    "action": "save",
    "key_work": "古窑址保护",
    "summary": "完成重点工作十项。",
    "events-TOTAL_FORMS": "2",
    "events-INITIAL_FORMS": "0",
    "events-0-name": "瑶里陶瓷文化展",
    "events-0-date": "2024-10-01",
    "events-0-place": "瑶里镇",
}


@BAD
@pytest.mark.parametrize(
    "field", ["action", "key_work", "summary", "events-0-name", "events-0-place"]
)
def test_the_self_assessment_page(client, zone, bad, field):
    unit, member, _reviewer = zone
    client.force_login(member)
    response = client.post(f"/units/{unit.code}/self-assessment/2024/", ASSESSMENT | {field: bad})
    assert response.status_code == 400
    if field == "action":
        refusal = AssessmentActionForm.base_fields["action"].error_messages["invalid_choice"]
        assert response.context["form"].non_field_errors() == [str(refusal)]
        assert escape(str(refusal)) in response.content.decode()
    elif field.startswith("events-"):
        assert response.context["events"].errors[0]
    else:
        assert response.context["form"].errors[field]
    assert not SelfAssessment.objects.exists()


@BAD
@pytest.mark.parametrize("field", ["starts_on", "term_years"])
def test_the_plan_page(client, zone, bad, field):
    unit, member, _reviewer = zone
    client.force_login(member)
    data = {
        "starts_on": "2025-01-01",
        "term_years": "10",
        "near_term_years": "5",
        "mid_term_years": "3",
        "long_term_years": "2",
        "core": [Township.objects.get(name="瑶里镇").pk],
        "document": pdf(),
    }
    response = client.post(f"/units/{unit.code}/plan/", data | {field: bad})
    assert refused_page(response) and response.context["form"].errors[field]
    assert not MasterPlan.objects.exists()


@BAD
def test_the_acceptance_page(client, zone, bad):
    unit, member, _reviewer = zone
    client.force_login(member)
    response = client.post(f"/units/{unit.code}/acceptance/", {"report": bad})
    assert refused_page(response)
    assert not Acceptance.objects.exists()


# The bureau's screens.


@BAD
@pytest.mark.parametrize("field", ["decision", "reason"])
def test_the_decision_on_a_filing(client, zone, submitted_plan, bad, field):
    _unit, _member, reviewer = zone
    plan = submitted_plan
    client.force_login(reviewer)
    response = client.post(
        f"/admin/filings/plan/{plan.pk}/decide/",
        {"decision": "no", "reason": "请补充。", "confirmed": "True"} | {field: bad},
    )
    assert response.status_code == 302 and response.url == f"/admin/filings/plan/{plan.pk}/"
    assert errors_told(response)
    plan.refresh_from_db()
    assert plan.status == "submitted" and plan.bureau_note == ""
    assert not ModelLogEntry.objects.filter(action__in=["portal.plan.file", "portal.plan.return"])


@BAD
@pytest.mark.parametrize("field", ["action", "reason"])
def test_the_verdict_on_a_rectification(client, zone, bad, field):
    unit, _member, reviewer = zone
    with time_machine.travel(datetime.datetime(2027, 3, 1, 10, tzinfo=SHANGHAI), tick=False):
        order = rectification_order_issue(
            unit=unit, user=reviewer, items=["整改"], deadline=datetime.date(2027, 6, 30)
        )
    client.force_login(reviewer)
    response = client.post(
        f"/admin/rectification_orders/decide/{order.pk}/",
        {"action": "fail", "reason": "未整改。"} | {field: bad},
    )
    assert response.status_code == 302 and errors_told(response)
    order.refresh_from_db()
    assert order.status == RectificationStatus.ORDERED


@BAD
def test_the_order_to_rectify(client, zone, bad):
    unit, _member, reviewer = zone
    client.force_login(reviewer)
    response = client.post(
        "/admin/rectification_orders/new/",
        {"unit": unit.pk, "items_text": bad, "deadline": "2099-06-30"},
    )
    assert response.status_code == 200 and errors_told(response)
    assert response.context["form"].errors["items_text"]
    assert not RectificationOrder.objects.exists()


@BAD
def test_the_round_form(client, zone, bad):
    _unit, _member, reviewer = zone
    client.force_login(reviewer)
    response = client.post(
        "/admin/evaluation_rounds/new/", {"title": bad, "opened_on": "2027-03-01"}
    )
    assert response.status_code == 200 and errors_told(response)
    assert response.context["form"].errors["title"]
    assert not EvaluationRound.objects.exists()


@BAD
@pytest.mark.parametrize("field", ["name", "description"])
def test_the_indicator_form(client, db, bad, field):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    other = Indicator.objects.get(code="other")
    url = f"/admin/snippets/evaluations/indicator/edit/{other.pk}/"
    before = Indicator.objects.values_list("code", "name", "description", "weight")
    before = list(before.order_by("code"))
    data = {
        "code": "other",
        "name": other.name,
        "description": other.description,
        "weight": "10",
        "active": "on",
        "order": str(other.order),
    }
    response = client.post(url, data | {field: bad})
    assert response.status_code == 200 and errors_told(response)
    assert response.context["form"].errors[field]
    response = client.post(
        "/admin/snippets/evaluations/indicator/add/", data | {"code": "new", field: bad}
    )
    assert response.status_code == 200 and response.context["form"].errors[field]
    after = Indicator.objects.values_list("code", "name", "description", "weight")
    assert list(after.order_by("code")) == before


@BAD
def test_the_approval_form(client, publicise, bad):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(datetime.date(2025, 9, 22))
    client.force_login(reviewer)
    with time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=False):
        response = client.post(
            f"/admin/approvals/record/{candidates.pk}/",
            {
                "document_number": bad,
                "approved_on": "2025-11-03",
                "scan": SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n"),
                "confirmed": "on",
                "applications": list(candidates.applications.values_list("pk", flat=True)),
            },
        )
    assert refused_page(response) and response.context["form"].errors["document_number"]
    assert not Approval.objects.exists() and not ProtectedUnit.objects.exists()


# The import of units approved before the portal.


@BAD
def test_the_import_upload_without_a_file(client, zone, bad):
    _unit, _member, reviewer = zone
    client.force_login(reviewer)
    response = client.post("/admin/unit-import/", {"file": bad, "all_or_nothing": "on"})
    assert refused_page(response) and response.context["form"].errors["file"]
    assert not UnitImport.objects.exists()


@BAD
def test_the_import_of_a_table_with_such_a_name(client, zone, bad):
    _unit, _member, reviewer = zone
    client.force_login(reviewer)
    organisations = Organisation.objects.count()
    row = GOOD_ROWS[1].replace("湖田青白瓷研究所（研究基地）", bad)
    table = SimpleUploadedFile("units.csv", csv_bytes(row), content_type="text/csv")
    response = client.post("/admin/unit-import/", {"file": table, "all_or_nothing": "on"})
    # The preview (its record is all it writes) names the problem, of the
    # file for a NUL, of the row for the length, and offers no confirmation.
    assert response.status_code == 200 and 'name="token"' not in response.content.decode()
    record = UnitImport.objects.get()
    assert record.dry_run and [entry["row"] for entry in record.errors] == [0 if bad == NUL else 2]
    # (No query names a NUL: PostgreSQL takes none, not even to compare.)
    assert Organisation.objects.count() == organisations
    assert list(ProtectedUnit.objects.all()) == [_unit]


@BAD
def test_the_import_confirmation(client, zone, bad):
    _unit, _member, reviewer = zone
    client.force_login(reviewer)
    response = client.post("/admin/unit-import/confirm/", {"token": bad})
    assert response.status_code == 302 and response.url == "/admin/unit-import/"
    assert errors_told(response)
    assert not UnitImport.objects.exists()
