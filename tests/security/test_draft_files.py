"""Finding 11, drafts: the bureau's staff see the files of a draft — an
application not yet submitted, a self-assessment not yet submitted to the
bureau (a draft, or under public comment) — only once it is submitted."""

import datetime

import pytest
from django.core.files.base import ContentFile

from applications.roles import Role
from applications.workflow import State
from evaluations.models import AssessmentStatus, SelfAssessment
from tests.factories import MaterialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def reviewer():
    return UserFactory(username="draft-reviewer", roles=[Role.MUNICIPAL_REVIEWER])


@pytest.fixture
def administrator():
    return UserFactory(username="draft-admin", roles=[Role.ADMIN])


def test_an_applications_files_only_once_it_is_submitted(client, reviewer, administrator):
    material = MaterialFactory()
    application = material.application
    application.receipt_pdf.save("receipt.pdf", ContentFile(PDF), save=True)
    urls = [
        f"/apply/{application.pk}/materials/{material.pk}/",
        f"/apply/{application.pk}/materials/{material.pk}/?inline=1",
        f"/apply/{application.pk}/receipt.pdf",
        f"/admin/applications_review/inspect/{application.pk}/",
    ]
    for staff in (reviewer, administrator):
        client.force_login(staff)
        for url in urls:
            assert client.get(url).status_code == 404, (staff, url)

    application.status = State.SUBMITTED
    application.save(update_fields=["status"])
    for staff in (reviewer, administrator):
        client.force_login(staff)
        for url in urls:
            assert client.get(url).status_code == 200, (staff, url)


@pytest.mark.parametrize("status", [AssessmentStatus.DRAFT, AssessmentStatus.COMMENTING])
def test_a_self_assessments_report_only_once_it_is_submitted(client, reviewer, status):
    member = UserFactory()
    assessment = SelfAssessment.objects.create(
        unit=UnitFactory(member=member),
        year=2025,
        summary="年度自评",
        status=status,
        created_by=member,
        report_name="自评报告.pdf",
    )
    assessment.report.save("自评报告.pdf", ContentFile(PDF))
    file_url = f"/admin/filings/assessment/{assessment.pk}/file/report/"
    page_url = f"/admin/filings/assessment/{assessment.pk}/"
    client.force_login(reviewer)
    assert client.get(file_url).status_code == 404
    assert client.get(page_url).status_code == 404
    # The unit still reads its own draft.
    client.force_login(member)
    own = client.get(f"/units/{assessment.unit.code}/self-assessment/2025/report/")
    assert own.status_code == 200

    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)
    assessment.save(update_fields=["status", "submitted_at"])
    client.force_login(reviewer)
    answer = client.get(file_url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF
    assert client.get(page_url).status_code == 200
