"""After a supplement request (补正, the bureau's practice): more time asked
for, granted or refused; the expiry sweep against a grant; a returned
application reopened, withdrawn or copied into a new draft."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from wagtail.models import ModelLogEntry

from applications.models import Application, ExtensionStatus, SupplementExtension
from applications.roles import Role
from applications.services.review import supplement_request, supplements_expire
from applications.services.supplements import (
    supplement_extension_decide,
    supplement_extension_request,
)
from applications.workflow import State, declaration
from portal.core.errors import NotAllowed, Refused
from portal.core.models import InboxMessage
from tests.factories import ApplicationFactory, MaterialFactory, OrganisationFactory, UserFactory
from tests.helpers import run_at_once

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
ASKED_ON = datetime.datetime(2025, 9, 22, 10, tzinfo=SHANGHAI)
# The deadline of a request made on ASKED_ON: ten working days (the rules
# of the factory's submission), the National Day holiday in between.
DEADLINE = datetime.date(2025, 10, 11)


@pytest.fixture
def applicant(db):
    return UserFactory(roles=[Role.APPLICANT], email="workshop@example.invalid")


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER], email="reviewer@example.invalid")


def asked(applicant, reviewer, n=1):
    """An application of ``applicant``'s organisation asked, on ASKED_ON,
    to supplement its licence."""
    organisation = OrganisationFactory()
    organisation.members.add(applicant)
    application = ApplicationFactory(
        submitted=True,
        category="production",
        organisation=organisation,
        created_by=applicant,
        status=State.MATERIAL_REVIEW,
        number=n,
    )
    with time_machine.travel(ASKED_ON, tick=False):
        supplement_request(
            application=application,
            user=reviewer,
            items=[{"slot": "licence", "note": "缺盖章页"}],
            message="请补营业执照。",
        )
    application.refresh_from_db()
    return application


def as_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def actions(application) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(
            content_type__model="application", object_id=str(application.pk)
        )
        .exclude(action__in=["portal.notification.sent", "portal.period.create"])
        .order_by("pk")
        .values_list("action", flat=True)
    )


def told(user, event) -> bool:
    return InboxMessage.objects.filter(recipient=user, event=event).exists()


def test_the_deadline_comes_from_the_rules_and_is_labelled_the_bureaus_practice(
    applicant, reviewer
):
    application = asked(applicant, reviewer)
    supplement = application.supplement_requests.get()
    assert supplement.period.working_days == application.rules_snapshot["supplement_working_days"]
    assert supplement.period.end_date == DEADLINE
    with time_machine.travel(ASKED_ON, tick=False):
        page = as_client(applicant).get(f"/en/apply/{application.pk}/review/").content.decode()
    assert "data-supplement-basis" in page
    days = supplement.period.working_days
    basis = "the bureau's practice, not a number of the measures"
    assert f"Working days given: {days} — {basis}" in page
    assert "data-extension-form" in page
    body = InboxMessage.objects.get(event="application.supplement_requested").body
    assert str(supplement.period.working_days) in body


@time_machine.travel(datetime.datetime(2025, 10, 9, 10, tzinfo=SHANGHAI), tick=False)
def test_more_time_asked_and_granted_moves_the_deadline(applicant, reviewer):
    application = asked(applicant, reviewer)
    response = as_client(applicant).post(
        f"/apply/{application.pk}/more-time/", {"working_days": "5", "reason": "执照在换发中"}
    )
    assert response.status_code == 302
    extension = SupplementExtension.objects.get()
    assert (extension.status, extension.working_days) == (ExtensionStatus.PENDING, 5)
    assert told(reviewer, "supplement.extension_request")
    page = as_client(applicant).get(f"/apply/{application.pk}/review/").content.decode()
    assert "data-extension-pending" in page and "data-extension-form" not in page

    staff = as_client(reviewer)
    review = staff.get(f"/admin/applications_review/inspect/{application.pk}/").content.decode()
    assert 'data-action="supplement_extension_decide"' in review
    grant = {
        "action": "supplement_extension_decide",
        "extension": extension.pk,
        "granted": "1",
        "working_days": "5",
    }
    url = f"/admin/applications_review/transition/{application.pk}/"
    # Asked first (no reason needed): nothing moves, nobody is told.
    asked_page = staff.post(url, grant).content.decode()
    assert "data-consequence" in asked_page
    assert 'name="reason"' not in asked_page.split("data-confirm", 1)[1]
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    assert not InboxMessage.objects.filter(event="supplement.extension_grant").exists()
    staff.post(url, grant | {"confirmed": "True"})
    extension.refresh_from_db()
    supplement = application.supplement_requests.get()
    assert extension.status == ExtensionStatus.GRANTED
    assert extension.previous_period.end_date == DEADLINE
    assert extension.previous_period.closed_at is not None
    # Five working days counted on from the day after the old end (a
    # Saturday worked in exchange, then a Sunday): 10/13–10/17.
    assert supplement.period.end_date == datetime.date(2025, 10, 17)
    assert supplement.period.working_days == 5 and supplement.period.closed_at is None
    assert told(applicant, "supplement.extension_grant")
    # The old deadline no longer returns it; the new one does.
    assert supplements_expire(today=datetime.date(2025, 10, 13)) == []
    assert supplements_expire(today=datetime.date(2025, 10, 18)) == [application.pk]
    assert actions(application)[-3:] == [
        "portal.supplement.extension_request",
        "portal.supplement.extension_grant",
        "portal.application.expire_supplement",
    ]


@time_machine.travel(datetime.datetime(2025, 10, 9, 10, tzinfo=SHANGHAI), tick=False)
def test_a_refusal_needs_a_reason_and_keeps_the_deadline(applicant, reviewer):
    application = asked(applicant, reviewer)
    extension = supplement_extension_request(
        application=application, user=applicant, reason="人手不足", working_days=10
    )
    staff = as_client(reviewer)
    url = f"/admin/applications_review/transition/{application.pk}/"
    refuse = {"action": "supplement_extension_decide", "extension": extension.pk, "granted": "0"}
    response = staff.post(url, refuse, follow=True)
    assert response.status_code == 200
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    # Refusing cannot be undone: asked first, the reason again; nothing done.
    page = staff.post(url, {**refuse, "reason": "材料简单，无需延长"})
    assert page.status_code == 200 and "data-consequence" in page.content.decode()
    assert 'name="reason"' in page.content.decode().split("data-confirm", 1)[1]
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    assert not told(applicant, "supplement.extension_refuse")
    staff.post(url, {**refuse, "reason": "材料简单，无需延长", "confirmed": "True"})
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED
    assert extension.decision_reason == "材料简单，无需延长"
    assert application.supplement_requests.get().period.end_date == DEADLINE
    assert told(applicant, "supplement.extension_refuse")
    assert actions(application)[-2:] == [
        "portal.supplement.extension_request",
        "portal.supplement.extension_refuse",
    ]
    # Refused, the applicant may ask once more.
    supplement_extension_request(
        application=application, user=applicant, reason="再次申请", working_days=3
    )
    assert SupplementExtension.objects.filter(status=ExtensionStatus.PENDING).count() == 1


@time_machine.travel(datetime.datetime(2025, 10, 9, 10, tzinfo=SHANGHAI), tick=False)
def test_only_one_request_for_more_time_waits_at_a_time(applicant, reviewer):
    application = asked(applicant, reviewer)
    supplement_extension_request(
        application=application, user=applicant, reason="执照换发", working_days=5
    )
    with pytest.raises(Refused):
        supplement_extension_request(
            application=application, user=applicant, reason="再要几天", working_days=3
        )
    response = as_client(applicant).post(
        f"/apply/{application.pk}/more-time/", {"working_days": "3", "reason": "再要几天"}
    )
    assert response.status_code == 302
    assert SupplementExtension.objects.count() == 1


@time_machine.travel(datetime.datetime(2025, 10, 9, 10, tzinfo=SHANGHAI), tick=False)
def test_bad_input_is_told_not_an_error(applicant, reviewer):
    application = asked(applicant, reviewer)
    client = as_client(applicant)
    for data in ({"working_days": "abc", "reason": "x"}, {"working_days": "0", "reason": "x"}, {}):
        response = client.post(f"/apply/{application.pk}/more-time/", data, follow=True)
        assert response.status_code == 200
        assert list(response.context["messages"])
    staff = as_client(reviewer)
    response = staff.post(
        f"/admin/applications_review/transition/{application.pk}/",
        {"action": "supplement_extension_decide", "extension": "999", "granted": "x"},
    )
    assert response.status_code == 302
    assert not SupplementExtension.objects.exists()


@time_machine.travel(datetime.datetime(2025, 10, 9, 10, tzinfo=SHANGHAI), tick=False)
def test_the_wrong_account_is_refused(applicant, reviewer):
    application = asked(applicant, reviewer)
    stranger = UserFactory(roles=[Role.APPLICANT])
    with pytest.raises(NotAllowed):
        supplement_extension_request(
            application=application, user=stranger, reason="冒名", working_days=5
        )
    assert (
        as_client(stranger)
        .post(f"/apply/{application.pk}/more-time/", {"working_days": "5", "reason": "冒名"})
        .status_code
        == 404
    )
    extension = supplement_extension_request(
        application=application, user=applicant, reason="执照换发", working_days=5
    )
    # Only the bureau decides: not the applicant, not an expert.
    for user in (applicant, UserFactory(roles=[Role.EXPERT])):
        with pytest.raises(NotAllowed):
            supplement_extension_decide(extension=extension, user=user, granted=True)
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING


def test_no_more_time_after_the_deadline_and_a_pending_request_lapses(applicant, reviewer):
    application = asked(applicant, reviewer)
    extension = supplement_extension_request(
        application=application, user=applicant, reason="执照换发", working_days=5, today=DEADLINE
    )
    after = DEADLINE + datetime.timedelta(days=1)
    with pytest.raises(Refused):
        supplement_extension_decide(extension=extension, user=reviewer, granted=True, today=after)
    # Pending is not granted: the sweep returns it at the deadline.
    assert supplements_expire(today=after) == [application.pk]
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.LAPSED
    with pytest.raises(Refused):
        supplement_extension_request(
            application=application, user=applicant, reason="晚了", working_days=5, today=after
        )


def returned(applicant, reviewer, n=1):
    application = asked(applicant, reviewer, n)
    assert supplements_expire(today=DEADLINE + datetime.timedelta(days=1)) == [application.pk]
    application.refresh_from_db()
    assert application.status == State.RETURNED
    return application


@time_machine.travel(datetime.datetime(2025, 10, 20, 10, tzinfo=SHANGHAI), tick=False)
def test_the_bureau_reopens_a_returned_application_with_a_new_deadline(applicant, reviewer):
    application = returned(applicant, reviewer)
    staff = as_client(reviewer)
    review = staff.get(f"/admin/applications_review/inspect/{application.pk}/").content.decode()
    assert 'data-action="reopen_supplement"' in review
    url = f"/admin/applications_review/transition/{application.pk}/"
    staff.post(url, {"action": "reopen_supplement", "reason": ""})
    application.refresh_from_db()
    assert application.status == State.RETURNED  # a reason is needed
    staff.post(url, {"action": "reopen_supplement", "reason": "再给一次机会。"})
    application.refresh_from_db()
    assert application.status == State.SUPPLEMENT_REQUESTED
    new = application.supplement_requests.order_by("-pk").first()
    assert new.is_open and new.items == [{"slot": "licence", "note": "缺盖章页"}]
    assert new.period.working_days == application.rules_snapshot["supplement_working_days"]
    assert new.period.anchor_date == datetime.date(2025, 10, 20)
    assert told(applicant, "supplement.reopen")
    assert actions(application)[-2:] == [
        "portal.application.reopen_supplement",
        "portal.supplement.reopen",
    ]
    page = as_client(applicant).get(f"/apply/{application.pk}/review/").content.decode()
    assert "data-extension-form" in page


def test_the_applicant_withdraws_a_returned_application(applicant, reviewer):
    application = returned(applicant, reviewer)
    client = as_client(applicant)
    page = client.get(f"/apply/{application.pk}/review/").content.decode()
    assert "data-returned" in page and "data-withdraw" in page and "data-copy" in page
    response = client.post(f"/apply/{application.pk}/withdraw/", {"reason": ""}, follow=True)
    assert response.status_code == 200 and list(response.context["messages"])
    application.refresh_from_db()
    assert application.status == State.RETURNED
    confirm = client.post(f"/apply/{application.pk}/withdraw/", {"reason": "不再申报"})
    application.refresh_from_db()
    assert application.status == State.RETURNED and "data-withdraw-confirm" in confirm.text
    client.post(f"/apply/{application.pk}/withdraw/", {"reason": "不再申报", "confirmed": "1"})
    application.refresh_from_db()
    assert application.status == State.WITHDRAWN
    entry = ModelLogEntry.objects.get(action="portal.application.withdraw")
    assert (entry.data["from"], entry.data["reason"]) == (State.RETURNED, "不再申报")


def test_a_returned_application_is_copied_into_a_draft_with_its_own_files(applicant, reviewer):
    application = returned(applicant, reviewer)
    Application.objects.filter(pk=application.pk).update(site_area_m2=1200, staff_count=35)
    source_file = MaterialFactory(application=application, uploaded_by=applicant)
    client = as_client(applicant)
    response = client.post(f"/apply/{application.pk}/copy/")
    draft = Application.objects.exclude(pk=application.pk).get()
    assert response.status_code == 302 and response.url == f"/apply/{draft.pk}/"
    assert draft.status == State.DRAFT and draft.receipt_number is None
    assert (draft.organisation, draft.category, draft.site_area_m2, draft.staff_count) == (
        application.organisation,
        "production",
        1200,
        35,
    )
    copy = draft.materials.get()
    assert (copy.slot, copy.sha256) == (source_file.slot, source_file.sha256)
    assert copy.file.name != source_file.file.name
    # Files copied, not shared: deleting one leaves the other.
    storage, source_name = source_file.file.storage, source_file.file.name
    source_file.file.delete(save=False)
    assert not storage.exists(source_name)
    assert copy.file.storage.exists(copy.file.name)
    with copy.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assert ModelLogEntry.objects.filter(action="portal.application.copy").count() == 2
    # Not a stranger's, and not an application still under review.
    stranger = UserFactory(roles=[Role.APPLICANT])
    assert as_client(stranger).post(f"/apply/{application.pk}/copy/").status_code == 404
    response = client.post(f"/apply/{draft.pk}/copy/", follow=True)
    assert list(response.context["messages"])
    assert Application.objects.count() == 2


def test_the_declaration_has_the_ways_out_of_a_return():
    transitions = declaration()["transitions"]
    reopen = next(t for t in transitions if t["action"] == "reopen_supplement")
    assert (reopen["source"], reopen["target"], reopen["requires_reason"]) == (
        State.RETURNED,
        State.SUPPLEMENT_REQUESTED,
        True,
    )
    assert Role.MUNICIPAL_REVIEWER in reopen["roles"]
    assert {"source": "returned", "target": "withdrawn", "action": "withdraw"}.items() <= next(
        t for t in transitions if t["action"] == "withdraw" and t["source"] == "returned"
    ).items()


def test_a_grant_and_the_sweep_at_once_do_not_both_win(committed_db):
    """On PostgreSQL both lock the application's row, then the request's:
    the second waits and judges the first's result. Either the deadline
    moved and the sweep leaves the application, or it was returned and the
    grant is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("rows race only on PostgreSQL; SQLite serialises the writers")
    applicant = UserFactory(roles=[Role.APPLICANT])
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    application = asked(applicant, reviewer)
    end = application.supplement_requests.get().period.end_date
    extension = supplement_extension_request(
        application=application, user=applicant, reason="执照换发", working_days=5, today=end
    )

    def grant():
        try:
            supplement_extension_decide(extension=extension, user=reviewer, granted=True, today=end)
        except Refused as refused:
            return refused
        return "granted"

    granted, swept = run_at_once(
        grant, lambda: supplements_expire(today=end + datetime.timedelta(days=1))
    )
    application.refresh_from_db()
    extension.refresh_from_db()
    if granted == "granted":
        assert swept == [] and application.status == State.SUPPLEMENT_REQUESTED
        assert extension.status == ExtensionStatus.GRANTED
        assert application.supplement_requests.get().period.end_date > end
    else:
        assert isinstance(granted, Refused), granted
        assert swept == [application.pk] and application.status == State.RETURNED
        assert extension.status == ExtensionStatus.LAPSED
    assert (
        ModelLogEntry.objects.filter(
            action__in=["portal.supplement.extension_grant", "portal.application.expire_supplement"]
        ).count()
        == 1
    )
