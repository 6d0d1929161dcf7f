"""The reviewers' workspace: the queue, the review page, supplement requests
with working-day deadlines, resubmission and expiry."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from applications.models import SupplementRequest
from applications.roles import Role
from applications.services.review import supplements_expire
from applications.workflow import State
from tests.factories import (
    PDF,
    ApplicationFactory,
    MaterialFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def applicant():
    return UserFactory(roles=[Role.APPLICANT], email="workshop@example.invalid")


@pytest.fixture
def organisation(applicant):
    organisation = OrganisationFactory(contact_email="workshop@example.invalid")
    organisation.members.add(applicant)
    return organisation


def submitted(organisation, n=1, status=State.SUBMITTED):
    return ApplicationFactory(
        submitted=True,
        category="production",
        organisation=organisation,
        created_by=organisation.members.first(),
        status=status,
        number=n,
    )


@pytest.fixture
def reviewer_client(client):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER], email="reviewer@example.invalid")
    client.force_login(reviewer)
    client.user = reviewer
    return client


def test_the_queue_lists_submitted_applications_with_filters(reviewer_client, organisation):
    for n in range(1, 4):
        submitted(organisation, n)
    ApplicationFactory(
        organisation=organisation, created_by=organisation.members.first()
    )  # a draft
    page = reviewer_client.get("/admin/applications_review/").content.decode()
    assert page.count("JDZ-JD-2025-") == 3
    filtered = reviewer_client.get("/admin/applications_review/?status=rejected")
    assert "JDZ-JD-2025-0001" not in filtered.content.decode()


def test_the_queue_takes_a_constant_number_of_queries(reviewer_client, organisation):
    submitted(organisation, 1)
    reviewer_client.get("/admin/applications_review/")
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get("/admin/applications_review/")
    for n in range(2, 30):
        submitted(organisation, n)
    with CaptureQueriesContext(connection) as many:
        reviewer_client.get("/admin/applications_review/")
    assert len(many) == len(few), [q["sql"] for q in many]


def test_applicants_and_experts_cannot_open_the_workspace(client, organisation, applicant):
    application = submitted(organisation)
    for user in (applicant, UserFactory(roles=[Role.EXPERT])):
        client.force_login(user)
        assert client.get("/admin/applications_review/").status_code in (302, 403)
        # The applicant is sent to sign in; the expert answered as for a
        # missing application.
        assert client.get(f"/admin/applications_review/inspect/{application.pk}/").status_code in (
            302,
            404,
        )
    # Nobody edits an application around the workflow, not even a superuser.
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(f"/admin/applications_review/edit/{application.pk}/").status_code == 404


@time_machine.travel(datetime.datetime(2025, 9, 22, 10, tzinfo=SHANGHAI), tick=False)
def test_supplement_request_deadline_resubmission_and_history(
    reviewer_client, organisation, applicant, django_capture_on_commit_callbacks
):
    application = submitted(organisation)
    url = f"/admin/applications_review/transition/{application.pk}/"
    reviewer_client.post(url, {"action": "start_review"})
    page = reviewer_client.get(f"/admin/applications_review/inspect/{application.pk}/")
    assert 'data-action="request_supplement"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(
            url,
            {
                "action": "request_supplement",
                "slots": ["site_proof"],
                "note-site_proof": "租赁合同缺盖章页",
                "reason": "请补充场地证明。",
            },
        )
    application.refresh_from_db()
    assert application.status == State.SUPPLEMENT_REQUESTED
    request = SupplementRequest.objects.get()
    # 10 working days from the day after 9/22 (next-day rule): 9/23-26 (4),
    # Sun 9/28 (5), 9/29-30 (7), 10/1-8 off, 10/9-10 (9), Sat 10/11 (10).
    assert request.period.end_date == datetime.date(2025, 10, 11)
    assert request.period.owner == application
    assert any("2025-10-11" in m.subject for m in mail.outbox)

    # The applicant, in a browser of its own, sees what to add, uploads it
    # and resubmits.
    from django.test import Client

    client = Client()
    client.force_login(applicant)
    review = client.get(f"/apply/{application.pk}/review/").content.decode()
    assert "场地证明（产权证或租赁合同）：租赁合同缺盖章页" in review
    client.post(
        f"/apply/{application.pk}/materials/",
        {"file-site_proof": SimpleUploadedFile("盖章页.pdf", PDF)},
    )
    client.post(f"/apply/{application.pk}/review/", {"resubmit": "1"})
    application.refresh_from_db()
    assert application.status == State.MATERIAL_REVIEW
    request.refresh_from_db()
    assert request.answered_at is not None and request.period.closed_at is not None
    actions = list(
        ModelLogEntry.objects.filter(action__startswith="portal.application.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "portal.application.start_review",
        "portal.application.request_supplement",
        "portal.application.resubmit",
    ]
    timeline = reviewer_client.get(
        f"/admin/applications_review/inspect/{application.pk}/"
    ).content.decode()
    assert "请补充场地证明。" in timeline
    assert "盖章页.pdf" in timeline


def test_an_unanswered_request_expires_and_the_application_is_returned(
    reviewer_client, organisation, django_capture_on_commit_callbacks
):
    application = submitted(organisation, status=State.MATERIAL_REVIEW)
    with time_machine.travel(datetime.datetime(2025, 9, 22, 10, tzinfo=SHANGHAI), tick=False):
        reviewer_client.post(
            f"/admin/applications_review/transition/{application.pk}/",
            {"action": "request_supplement", "slots": ["licence"], "reason": "请补营业执照。"},
        )
    assert supplements_expire(today=datetime.date(2025, 10, 11)) == []  # last day
    with django_capture_on_commit_callbacks(execute=True):
        assert supplements_expire(today=datetime.date(2025, 10, 12)) == [application.pk]
    application.refresh_from_db()
    assert application.status == State.RETURNED
    entry = ModelLogEntry.objects.get(action="portal.application.expire_supplement")
    assert entry.user is None
    assert "2025-10-11" in entry.data["reason"]
    # A second beat run (or a retried task) changes nothing.
    assert supplements_expire(today=datetime.date(2025, 10, 13)) == []


def test_a_refused_action_says_why_and_changes_nothing(reviewer_client, organisation):
    application = submitted(organisation)
    response = reviewer_client.post(
        f"/admin/applications_review/transition/{application.pk}/",
        {"action": "accept_materials", "confirmed": "1"},
        follow=True,
    )
    assert "不能执行“材料审核通过”" in response.content.decode()
    application.refresh_from_db()
    assert application.status == State.SUBMITTED


def test_inspection_with_photos_and_hearing_on_the_review_page(reviewer_client, organisation):
    application = submitted(organisation, status=State.FIELD_INSPECTION)
    url = f"/admin/applications_review/transition/{application.pk}/"
    photo = SimpleUploadedFile("窑址.png", b"\x89PNG\r\n\x1a\n" + b"0" * 30)
    not_a_photo = SimpleUploadedFile("窑址.pdf", PDF)
    response = reviewer_client.post(
        url,
        {
            "action": "inspection_record",
            "date": "2025-09-10",
            "inspectors": "王、李",
            "findings": "场地与申报一致",
            "photos": [not_a_photo],
        },
        follow=True,
    )
    assert "JPEG 或 PNG" in response.content.decode()
    assert not application.inspections.exists()
    reviewer_client.post(
        url,
        {
            "action": "inspection_record",
            "date": "2025-09-10",
            "inspectors": "王、李",
            "findings": "场地与申报一致",
            "photos": [photo],
        },
    )
    assert application.inspections.get().photos.count() == 1
    reviewer_client.post(url, {"action": "record_inspection", "confirmed": "1"})
    reviewer_client.post(
        url,
        {
            "action": "hearing_record",
            "date": "2025-09-15",
            "heard": "村民代表、传承人",
            "summary": "普遍支持",
        },
    )
    reviewer_client.post(url, {"action": "record_hearing", "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == State.EXPERT_REVIEW
    page = reviewer_client.get(f"/admin/applications_review/inspect/{application.pk}/")
    text = page.content.decode()
    assert "场地与申报一致" in text and "普遍支持" in text


def test_outcomes_and_resubmissions_are_told(
    reviewer_client, organisation, applicant, django_capture_on_commit_callbacks
):
    from portal.core.models import InboxMessage

    application = submitted(organisation, status=State.REVIEWED)
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(
            f"/admin/applications_review/transition/{application.pk}/",
            {"action": "reject", "reason": "场地条件不符", "confirmed": "1"},
        )
    message = InboxMessage.objects.get(recipient=applicant)
    assert "不予通过" in message.subject and "场地条件不符" in message.body
    assert any("不予通过" in m.subject for m in mail.outbox)


def test_materials_preview_inline_for_reviewers(reviewer_client, organisation, applicant):
    application = submitted(organisation)
    material = MaterialFactory(
        application=application, original_name="执照.pdf", uploaded_by=applicant
    )
    url = f"/apply/{application.pk}/materials/{material.pk}/"
    inline = reviewer_client.get(url + "?inline=1")
    assert inline["Content-Disposition"].startswith("inline")
    assert inline["Content-Type"] == "application/pdf"
    assert reviewer_client.get(url)["Content-Disposition"].startswith("attachment")
