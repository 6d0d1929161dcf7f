"""The candidate list: applications that finished review, recorded with
the bureau's decision, all or nothing."""

import pytest
from wagtail.models import ModelLogEntry

from applications.models import CandidateList
from applications.roles import Role
from applications.services.candidates import candidate_list_create
from applications.workflow import State
from portal.core.errors import Refused
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def application(organisation, n, status=State.REVIEWED):
    return ApplicationFactory(
        category="production", organisation=organisation, status=status, number=n
    )


def test_a_list_moves_its_applications_and_is_on_the_record(client, organisation):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    first, second = application(organisation, 1), application(organisation, 2)
    application(organisation, 3, status=State.EXPERT_REVIEW)  # not offered
    client.force_login(reviewer)
    page = client.get("/admin/candidate_lists/new/").content.decode()
    assert "JDZ-JD-2025-0001" in page and "JDZ-JD-2025-0003" not in page
    response = client.post(
        "/admin/candidate_lists/new/",
        {
            "title": "2025年第一批保护基地备选名单",
            "kind": "base",
            "decision": "2025年10月20日局务会议研究确定",
            "applications": [first.pk, second.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    candidates = CandidateList.objects.get()
    assert set(candidates.applications.values_list("status", flat=True)) == {State.CANDIDATE}
    entry = ModelLogEntry.objects.get(action="portal.candidate_list.create")
    assert entry.data["applications"] == ["JDZ-JD-2025-0001", "JDZ-JD-2025-0002"]
    # A decision is not edited afterwards: its edit address answers as a
    # missing one (NotFoundWhenForbidden).
    assert client.get(f"/admin/candidate_lists/edit/{candidates.pk}/").status_code == 404


def test_all_or_nothing(organisation):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    ready = application(organisation, 1)
    not_ready = application(organisation, 2, status=State.HEARING)
    with pytest.raises(Refused):
        candidate_list_create(
            user=reviewer,
            title="名单",
            kind="base",
            decision="局务会议",
            applications=[ready, not_ready],
        )
    ready.refresh_from_db()
    assert ready.status == State.REVIEWED
    assert not CandidateList.objects.exists()


def test_applicants_cannot_record_a_list(client, organisation):
    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    assert client.get("/admin/candidate_lists/new/").status_code in (302, 403)


def test_the_record_shows_local_time_and_offers_no_edit(client, organisation):
    import datetime

    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    candidates = candidate_list_create(
        user=reviewer,
        title="名单",
        kind="base",
        decision="局务会议",
        applications=[application(organisation, 1)],
    )
    CandidateList.objects.filter(pk=candidates.pk).update(
        created_at=datetime.datetime(2025, 10, 20, 21, 49, tzinfo=datetime.UTC)
    )
    client.force_login(reviewer)
    page = client.get(f"/admin/candidate_lists/inspect/{candidates.pk}/").content.decode()
    assert "2025年10月21日 05:49" in page  # Asia/Shanghai, not UTC
    assert "创建时间" in page
