"""Finding 3: with the broker down (its URL points at a closed port) every
action that queues work answers as usual within two seconds, the work is
recorded in the task outbox (emails stay in the email outbox), and once the
broker is back beat's re-queue gets the work done."""

import datetime
import json
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application, CandidateList, Organisation
from applications.roles import Role
from applications.services.candidates import candidate_list_create
from applications.workflow import State
from cms.models import MeasurePdf
from cms.services import measure_import
from evaluations.models import Acceptance, Evaluation, ProtectedUnit
from evaluations.services.acceptance import acceptance_apply
from evaluations.services.plans import plan_decide
from portal.core.models import OutboxEmail, QueuedTask, WorkingDayPeriod
from portal.core.services.periods import working_day_period_create
from portal.core.tasks import outbox_send, task_outbox_requeue
from tests.applications.test_application_flow import SUBMIT, steps_through
from tests.evaluations.conftest import pdf, zone  # noqa: F401 (a fixture)
from tests.evaluations.test_evaluations import (  # noqa: F401 (fixtures)
    NOW,
    due_unit,
    experts,
    member,
    reviewer,
    scored,
)
from tests.evaluations.test_filings import submit_plan
from tests.evaluations.test_form_limits import errors_told
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory
from tests.registration import register

from .conftest import ANSWER_SECONDS

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def timed(client_call):
    """Runs a request and what its commit queues; returns the response and
    the seconds it took."""
    start = time.perf_counter()
    response = client_call()
    return response, time.perf_counter() - start


def recorded(name: str) -> list[QueuedTask]:
    return list(QueuedTask.objects.filter(name=name, queued_at__isnull=True))


def test_submitting_an_application(client, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    organisation = Organisation.objects.get()
    client.post("/apply/new/", {"organisation": organisation.pk})
    application = Application.objects.get()
    steps_through(client, application)

    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(lambda: client.post(f"/apply/{application.pk}/review/", SUBMIT))
    assert response.status_code == 302 and seconds < ANSWER_SECONDS, seconds
    application.refresh_from_db()
    assert application.status == State.SUBMITTED and not application.receipt_pdf
    [job] = recorded("applications.tasks.receipt_render")
    assert job.args == [application.pk] and job.last_error

    mail.outbox.clear()
    broker.back()
    with django_capture_on_commit_callbacks(execute=True):
        assert task_outbox_requeue() == 1, QueuedTask.objects.values_list("last_error")
    application.refresh_from_db()
    assert application.receipt_pdf
    assert any(application.receipt_number in m.subject for m in mail.outbox)
    assert not recorded("applications.tasks.receipt_render")


def reviewed_list(day):
    """Two reviewed base applications on a candidate list, and the reviewer."""
    staff = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    applications = []
    for i, uscc in enumerate(["91350100M000100Y43", "91360222MA35XXXX0X"]):
        organisation = OrganisationFactory(uscc=uscc, name=f"瑶里第{i + 1}瓷业有限公司")
        applications.append(
            ApplicationFactory(
                category="production",
                organisation=organisation,
                status=State.REVIEWED,
                number=i + 1,
                year=day.year,
                with_craft=True,
            )
        )
    candidates = candidate_list_create(
        user=staff,
        title=f"{day.year}年第一批保护基地备选名单",
        kind="base",
        decision="局务会议研究确定",
        applications=applications,
    )
    return candidates, staff


@time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=True)
def test_publishing_a_publicity(client, site_tree, broker, django_capture_on_commit_callbacks):
    candidates, staff = reviewed_list(datetime.date(2025, 9, 22))
    client.force_login(staff)
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(
            lambda: client.post(
                f"/admin/candidate_lists/publish/{candidates.pk}/",
                {
                    "title": "2025年第一批保护基地备选名单公示",
                    "document_number": "景文旅字〔2025〕88号",
                    "published_on": "2025-09-22",
                    "body": json.dumps(
                        {
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
                    ),
                    "contact": "景德镇市文化广电新闻出版旅游局非遗科",
                    "confirmed": "1",
                },
            )
        )
    assert response.status_code == 302 and seconds < ANSWER_SECONDS, seconds
    candidates.refresh_from_db()
    assert candidates.period_id and not candidates.notice_pdf
    assert recorded("cms.tasks.publicity_notice_render")[0].args == [candidates.pk]

    broker.back()
    task_outbox_requeue()
    assert CandidateList.objects.get(pk=candidates.pk).notice_pdf


def test_recording_an_approval(client, publicise, broker, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, staff = publicise(datetime.date(2025, 9, 22))
    client.force_login(staff)
    broker.down()
    with (
        time_machine.travel(datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI), tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response, seconds = timed(
            lambda: client.post(
                f"/admin/approvals/record/{candidates.pk}/",
                {
                    "document_number": "景府字〔2025〕120号",
                    "approved_on": "2025-11-03",
                    "scan": SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%approval scan\n"),
                    "confirmed": "on",
                    "applications": list(candidates.applications.values_list("pk", flat=True)),
                },
            )
        )
    assert response.status_code == 302 and seconds < ANSWER_SECONDS, seconds
    assert not errors_told(response)
    units = list(ProtectedUnit.objects.order_by("pk"))
    assert len(units) == 2 and not any(u.certificate_pdf for u in units)
    jobs = recorded("cms.tasks.unit_certificate_render")
    assert sorted(j.args[0] for j in jobs) == [u.pk for u in units]

    broker.back()
    assert task_outbox_requeue() == 2
    assert all(u.certificate_pdf for u in ProtectedUnit.objects.all())


def test_deciding_an_acceptance_filing(
    client,
    zone,  # noqa: F811
    broker,
    django_capture_on_commit_callbacks,
):
    unit, applicant, bureau = zone
    plan = submit_plan(unit, applicant, starts_on=datetime.date(2024, 6, 1))
    plan_decide(plan=plan, user=bureau, filed=True)
    acceptance = acceptance_apply(
        unit=unit, user=applicant, upload=pdf("验收报告.pdf"), today=datetime.date(2027, 6, 1)
    )
    client.force_login(bureau)
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(
            lambda: client.post(
                f"/admin/filings/acceptance/{acceptance.pk}/decide/",
                {"decision": "yes", "reason": "验收合格。", "confirmed": "True"},
            )
        )
    assert response.status_code == 302 and seconds < ANSWER_SECONDS, seconds
    acceptance.refresh_from_db()
    assert acceptance.status == "passed" and not acceptance.plaque_pdf
    assert recorded("cms.tasks.acceptance_plaque_render")[0].args == [acceptance.pk]

    broker.back()
    task_outbox_requeue()
    assert Acceptance.objects.get(pk=acceptance.pk).plaque_pdf


def test_concluding_an_evaluation(
    client,
    scored,  # noqa: F811
    reviewer,  # noqa: F811
    broker,
    django_capture_on_commit_callbacks,
):
    broker.down()
    with (
        time_machine.travel(NOW, tick=True),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.force_login(reviewer)
        response, seconds = timed(
            lambda: client.post(
                f"/admin/evaluation_rounds/evaluation/{scored.pk}/conclude/",
                {"outcome": "normal", "conclusion": "总体良好。", "confirmed": "True"},
            )
        )
    assert response.status_code == 302 and seconds < ANSWER_SECONDS, (response.url, seconds)
    assert not errors_told(response)
    scored.refresh_from_db()
    assert scored.decided_at and not scored.report_pdf
    assert recorded("cms.tasks.evaluation_report_render")[0].args == [scored.pk]

    broker.back()
    task_outbox_requeue()
    assert Evaluation.objects.get(pk=scored.pk).report_pdf


def test_entering_a_calendar_year(admin_client, broker, django_capture_on_commit_callbacks):
    # An open period in 2027, computed while 2027's arrangement is unknown
    # (weekends only, provisional).
    period = working_day_period_create(
        kind="deadline",
        label="补正期限",
        anchor_date=datetime.date(2027, 2, 15),
        working_days=10,
        first_day_rule="next_day",
    )
    assert period.provisional
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(
            lambda: admin_client.post(
                "/admin/calendar_years/new/",
                {
                    "year": "2027",
                    "status": "official",
                    "source_number": "国办发明电〔2026〕1号",
                    "source_date": "2026-11-10",
                    "source_note": "",
                    "days": "2027-01-01,休,元旦\n2027-02-20,班,春节调休",
                },
            )
        )
    assert response.status_code == 302 and seconds < ANSWER_SECONDS, seconds
    [job] = recorded("portal.core.tasks.working_day_periods_recompute")
    assert job.kwargs == {"years": [2027]}
    assert WorkingDayPeriod.objects.get(pk=period.pk).provisional

    broker.back()
    task_outbox_requeue()
    period.refresh_from_db()
    # The Saturday made a working day shortens the period by one day.
    assert not period.provisional
    assert period.end_date == datetime.date(2027, 2, 26)


def test_publishing_the_measures(
    site_tree, measures_2020_bytes, broker, django_capture_on_commit_callbacks
):
    """Publishing is done by the import (a management command and the
    Wagtail editor both publish through it); its commit queues the PDF."""
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        _none, seconds = timed(lambda: measure_import(data=measures_2020_bytes))
    assert seconds < ANSWER_SECONDS + 3, seconds  # parsing and publishing ~1 s
    [job] = recorded("cms.tasks.measure_pdf_render")
    assert not MeasurePdf.objects.exists()

    broker.back()
    task_outbox_requeue()
    assert MeasurePdf.objects.get(page_id=job.args[0]).file


def test_an_email_notification(client, broker, django_capture_on_commit_callbacks):
    applicant = UserFactory(roles=[Role.APPLICANT], email="workshop@example.invalid")
    organisation = OrganisationFactory()
    organisation.members.add(applicant)
    application = ApplicationFactory(
        submitted=True,
        category="production",
        organisation=organisation,
        created_by=applicant,
        status=State.MATERIAL_REVIEW,
        number=1,
    )
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        response, seconds = timed(
            lambda: client.post(
                f"/admin/applications_review/transition/{application.pk}/",
                {"action": "reject", "reason": "材料与事实不符。", "confirmed": "1"},
            )
        )
    assert response.status_code == 302 and seconds < ANSWER_SECONDS, seconds
    assert Application.objects.get(pk=application.pk).status == State.REJECTED
    email = OutboxEmail.objects.get(to="workshop@example.invalid")
    assert email.sent_at is None and not mail.outbox

    broker.back()
    outbox_send()  # what beat's outbox-flush runs
    email.refresh_from_db()
    assert email.sent_at and [m.to for m in mail.outbox] == [["workshop@example.invalid"]]
