"""Expert review: conflicts of interest, scoring, the panel's result."""

import datetime
from decimal import Decimal

import pytest

from applications.roles import Role
from applications.selectors import criteria_for, panel_summary
from applications.services.experts import expert_assign, expert_declare, expert_scores_submit
from applications.services.transitions import application_transition
from applications.workflow import State
from portal.core.errors import Refused
from tests.factories import ApplicationFactory, MaterialFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(organisation):
    applicant = UserFactory(roles=[Role.APPLICANT])
    organisation.members.add(applicant)
    application = ApplicationFactory(
        category="production",
        organisation=organisation,
        created_by=applicant,
        status=State.EXPERT_REVIEW,
        number=1,
        submitted_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
    )
    MaterialFactory(application=application, slot="licence")
    return application


@pytest.fixture
def reviewer():
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER])


# An opinion no page shows but the reviewers' (the applicant's page names
# the stage 听取意见, so the word alone would not do).
OPINION = "专家评审意见：传承体系完整"


def score_all(assignment, expert, value):
    criteria = criteria_for(assignment.application)
    expert_scores_submit(
        assignment=assignment,
        user=expert,
        scores={c.pk: Decimal(value) for c in criteria},
        opinion=OPINION,
    )


def test_an_expert_with_a_conflict_cannot_open_the_file(client, application, reviewer):
    expert = UserFactory(roles=[Role.EXPERT])
    assignment = expert_assign(application=application, user=reviewer, expert=expert)
    material = application.materials.get()
    url = f"/apply/{application.pk}/materials/{material.pk}/"
    client.force_login(expert)
    # Before declaring: not yet (404, as for a file that does not exist).
    assert client.get(url).status_code == 404
    page = client.get(f"/admin/my-reviews/{assignment.pk}/").content.decode()
    assert "licence.pdf" not in page
    expert_declare(assignment=assignment, user=expert, conflict=True, note="曾任该公司顾问")
    assert client.get(url).status_code == 404
    assert "licence.pdf" not in client.get(f"/admin/my-reviews/{assignment.pk}/").content.decode()
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: an excused expert scores nothing
        score_all(assignment, expert, 8)


def test_an_expert_without_conflict_opens_and_scores(client, application, reviewer):
    expert = UserFactory(roles=[Role.EXPERT])
    assignment = expert_assign(application=application, user=reviewer, expert=expert)
    client.force_login(expert)
    client.post(f"/admin/my-reviews/{assignment.pk}/", {"declare": "none"})
    material = application.materials.get()
    assert client.get(f"/apply/{application.pk}/materials/{material.pk}/").status_code == 200
    criteria = criteria_for(application)
    form = {f"score-{c.pk}": "8" for c in criteria} | {"opinion": "技艺传承有序，同意。"}
    form[f"score-{criteria[0].pk}"] = "11"  # above the maximum of 10
    page = client.post(f"/admin/my-reviews/{assignment.pk}/", form).content.decode()
    assert "须评 0 到 10 分" in page
    assert "技艺传承有序，同意。" in page  # typed text kept
    form[f"score-{criteria[0].pk}"] = "9"
    client.post(f"/admin/my-reviews/{assignment.pk}/", form)
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert assignment.scores.count() == len(criteria)


def test_experts_see_only_their_assignments(client, application, reviewer):
    expert = UserFactory(roles=[Role.EXPERT])
    other = UserFactory(roles=[Role.EXPERT])
    assignment = expert_assign(application=application, user=reviewer, expert=expert)
    client.force_login(other)
    assert client.get(f"/admin/my-reviews/{assignment.pk}/").status_code == 404
    assert client.get(f"/admin/applications_review/inspect/{application.pk}/").status_code == 404


def test_the_panel_result_flags_an_outlier_and_gates_closing(client, application, reviewer):
    experts = [UserFactory(roles=[Role.EXPERT]) for _ in range(4)]
    assignments = [expert_assign(application=application, user=reviewer, expert=e) for e in experts]
    with pytest.raises(Refused, match="每位受邀专家都须已评分或已回避"):
        application_transition(application=application, action="close_expert_review", user=reviewer)
    for assignment, expert, value in zip(
        assignments[:3], experts[:3], ("8", "8.5", "3"), strict=True
    ):
        expert_declare(assignment=assignment, user=expert, conflict=False)
        score_all(assignment, expert, value)
    expert_declare(assignment=assignments[3], user=experts[3], conflict=True)

    summary = panel_summary(application=application)
    totals = {row["assignment"].expert_id: row["total"] for row in summary["rows"]}
    assert totals[experts[0].pk] == 80.0
    assert totals[experts[1].pk] == 85.0
    assert totals[experts[2].pk] == 30.0
    assert [row["outlier"] for row in summary["rows"][:3]] == [False, False, True]
    assert summary["mean"] == 65.0
    assert summary["done"] is True
    application_transition(application=application, action="close_expert_review", user=reviewer)

    # Reviewers see the panel; the applicant sees no score or opinion.
    client.force_login(reviewer)
    page = client.get(f"/admin/applications_review/inspect/{application.pk}/").content.decode()
    assert "data-panel" in page and "30.0" in page
    client.force_login(application.created_by)
    own = client.get(f"/apply/{application.pk}/review/").content.decode()
    assert "30.0" not in own and OPINION not in own and "data-panel" not in own
