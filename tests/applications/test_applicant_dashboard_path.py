"""The applicant's dashboard shows, for each application, where it stands on
the path 申报 → 材料审核 → 实地考察 → 听取意见 → 论证评审 → 备选名单 → 公示 →
批复 → 设立 (done, current, to come; an exit where it left), whose turn it
is and until when — all read from applications.workflow (STATES) and applications.stages (PATH)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.roles import Role
from applications.selectors import application_path
from applications.services.supplements import application_withdraw
from applications.stages import PATH, Stage, Window, stage_of
from applications.workflow import EXITS, STATES, State
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)  # a publicity window 2025-09-22 to 2025-10-23


@pytest.fixture
def member(organisation):
    user = UserFactory(roles=[Role.APPLICANT])
    organisation.members.add(user)
    return user


def standing(page: str, application) -> dict[str, str]:
    """The stages of ``application``'s row on the dashboard, by standing."""
    row = re.search(rf'href="/apply/{application.pk}/[^"]*".*?</tr>', page, re.S).group(0)
    return dict(re.findall(r'data-stage="([a-z_]+)" data-standing="([a-z_]+)"', row))


def test_the_declared_path_covers_every_state_that_has_a_place_on_it():
    placed = {state for _stage, states in PATH for state in states}
    # Withdrawn and rejected may leave the path anywhere: their stage is
    # where their last transition found them.
    assert set(State) - placed == {State.WITHDRAWN, State.REJECTED}
    assert [stage for stage, _states in PATH] == list(Stage)
    assert stage_of(State.CANDIDATE, Window.PENDING) == Stage.CANDIDATE_LIST
    assert stage_of(State.CANDIDATE, Window.OPEN) == Stage.PUBLICITY
    assert stage_of(State.CANDIDATE, Window.CLOSED) == Stage.APPROVAL
    # A stage's states are declared, not guessed from the states' names.
    assert stage_of(State.SUPPLEMENT_REQUESTED) == Stage.MATERIAL_REVIEW
    assert {state for state in EXITS} <= set(State)


def test_a_draft_and_an_application_in_the_field_inspection(client, organisation, member):
    draft = ApplicationFactory(organisation=organisation, created_by=member)
    inspected = ApplicationFactory(
        organisation=organisation, created_by=member, status=State.FIELD_INSPECTION, number=1
    )
    client.force_login(member)
    page = client.get("/apply/").content.decode()
    assert standing(page, draft) == {stage: "to_come" for stage in Stage} | {"apply": "current"}
    assert standing(page, inspected) == {
        "apply": "done",
        "material_review": "done",
        "field_inspection": "current",
        **{s: "to_come" for s in ("hearing", "expert_review", "candidate_list")},
        **{s: "to_come" for s in ("publicity", "approval", "establishment")},
    }
    # Whose turn it is comes from the state's rule.
    assert STATES[State.FIELD_INSPECTION].turn == "bureau"
    assert 'data-turn="bureau"' in page and 'data-turn="applicant"' in page


def test_a_supplement_request_stands_at_the_material_review_with_the_applicants_turn(
    client, organisation, member
):
    application = ApplicationFactory(
        organisation=organisation,
        created_by=member,
        status=State.SUPPLEMENT_REQUESTED,
        number=1,
    )
    client.force_login(member)
    page = client.get("/apply/").content.decode()
    assert standing(page, application)["material_review"] == "current"
    assert 'data-turn="applicant"' in page


def test_a_withdrawn_application_ends_where_it_left(client, organisation, member):
    application = ApplicationFactory(
        organisation=organisation, created_by=member, status=State.EXPERT_REVIEW, number=1
    )
    application_withdraw(application=application, user=member, reason="另行申报")
    client.force_login(member)
    page = client.get("/apply/").content.decode()
    stages = standing(page, application)
    assert stages["material_review"] == "done" and stages["hearing"] == "done"
    assert stages["expert_review"] == "exit"
    assert stages["candidate_list"] == "stopped" and stages["establishment"] == "stopped"
    assert 'data-exit="withdrawn"' in page
    assert "current" not in stages.values()


def test_an_established_application_has_done_every_stage(organisation, member):
    application = ApplicationFactory(
        organisation=organisation, created_by=member, status=State.ESTABLISHED, number=1
    )
    path = application_path(application=application)
    assert {s["standing"] for s in path["stages"]} == {"done"} and path["exit"] is None


def test_a_candidate_stands_at_the_publicity_then_at_the_approval(publicise, client):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, _reviewer = publicise(MONDAY, n=1)
        application = candidates.applications.get()
        member = application.organisation.members.get()
        client.force_login(member)
        page = client.get("/apply/").content.decode()
        stages = standing(page, application)
        assert stages["candidate_list"] == "done" and stages["publicity"] == "current"
        assert stages["approval"] == "to_come"
        # The window's last day is the deadline told.
        assert 'data-turn="government"' in page
        assert str(candidates.period.end_date.day) in page
    with time_machine.travel(datetime.datetime(2025, 10, 24, 9, tzinfo=SHANGHAI), tick=False):
        client.force_login(member)  # the session of a month ago has lapsed
        stages = standing(client.get("/apply/").content.decode(), application)
        assert stages["publicity"] == "done" and stages["approval"] == "current"


def test_the_next_step_column_is_not_the_pagers_next(client, organisation, member):
    ApplicationFactory(organisation=organisation, created_by=member)
    client.force_login(member)
    page = client.get("/apply/").content.decode()
    assert "下一页" not in page
    assert "data-path" in page


def test_the_workflow_declaration_carries_the_path():
    from applications.workflow import declaration

    path = declaration()["path"]
    assert [p["stage"] for p in path] == list(Stage.values)
    publicity = next(p for p in path if p["stage"] == "publicity")
    assert publicity["states"]["candidate"] == "open"
