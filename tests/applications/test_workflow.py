"""The declared workflow: every transition for every role from every state,
and two reviewers acting at once."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from applications.models import (
    Application,
    CandidateList,
    ExpertAssignment,
    ExpertScore,
    FieldInspection,
    Hearing,
)
from applications.roles import Role
from applications.selectors import criteria_for
from applications.services.transitions import application_transition
from applications.workflow import SYSTEM, TRANSITIONS, State, declaration
from portal.core.errors import Refused
from portal.core.models import WorkingDayPeriod
from tests.factories import ApplicationFactory, UserFactory
from tests.helpers import run_at_once

ROLES = [*Role.values, SYSTEM]
# Submission has its own checks (completeness, eligibility): tested in
# test_application_flow; here only whether the workflow lets it through
# (test_submission_is_declared_for_applicants_from_draft_only).
CHECKED = [t for t in TRANSITIONS if t.action != "submit"]
REASON = "理由"


def actor(role: str):
    """A user of ``role``, or None for the system."""
    return None if role == SYSTEM else UserFactory(roles=[role])


def meet_conditions(application):
    """What the conditions of the declared transitions ask to be on record."""
    recorder = UserFactory()
    FieldInspection.objects.create(
        application=application,
        inspected_on="2025-09-01",
        inspectors="王、李",
        findings="场地与申报一致",
        recorded_by=recorder,
    )
    Hearing.objects.create(
        application=application,
        held_on="2025-09-05",
        heard="村民代表",
        summary="支持设立",
        recorded_by=recorder,
    )
    assignment = ExpertAssignment.objects.create(
        application=application,
        expert=UserFactory(roles=[Role.EXPERT]),
        assigned_by=recorder,
        declared_no_conflict_at=timezone.now(),
        submitted_at=timezone.now(),
        opinion="同意",
    )
    for criterion in criteria_for(application):
        ExpertScore.objects.create(assignment=assignment, criterion=criterion, score=8)
    # Publicised in a window that has closed, with no objection.
    period = WorkingDayPeriod.objects.create(
        kind="publicity",
        label="公示",
        anchor_date="2025-09-22",
        working_days=20,
        start_date="2025-09-22",
        end_date="2025-10-23",
        closed_at=timezone.now(),
    )
    candidates = CandidateList.objects.create(
        title="备选名单", kind="base", decision="局务会", created_by=recorder, period=period
    )
    candidates.applications.add(application)


def attempt(application, state: str, transition, role: str, user) -> str | None:
    """Takes ``transition`` as ``user`` (of ``role``; a member of the
    organisation when an applicant or a county bureau) on the application
    put in ``state``, inside a savepoint that is always rolled back, and
    checks the outcome against the declaration. Returns what is wrong, or
    None."""
    with transaction.atomic():
        try:
            Application.objects.filter(pk=application.pk).update(status=state)
            if role in (Role.APPLICANT, Role.COUNTY_BUREAU):
                application.organisation.members.add(user)
            if state in transition.sources and role in transition.roles:
                application_transition(
                    application=application, action=transition.action, user=user, reason=REASON
                )
                application.refresh_from_db()
                assert application.status == transition.target
                entry = ModelLogEntry.objects.get(action=f"portal.application.{transition.action}")
                assert entry.data == {"from": state, "to": transition.target, "reason": REASON}
                assert entry.user_id == (user.pk if user else None)
            else:
                with pytest.raises(Refused) as info:
                    application_transition(
                        application=application, action=transition.action, user=user, reason=REASON
                    )
                assert str(info.value)  # a message for the person
                application.refresh_from_db()
                assert application.status == state
                assert not ModelLogEntry.objects.filter(
                    action__startswith="portal.application."
                ).exists()
        except (Exception, pytest.fail.Exception) as error:
            return f"{type(error).__name__}: {error}"
        finally:
            transaction.set_rollback(True)
    return None


@pytest.mark.django_db
def test_each_transition_is_allowed_exactly_as_declared(organisation):
    """Every state × transition × role (submission aside): an allowed pair
    takes the transition and logs it with the states, the reason and the
    actor; any other is refused and changes nothing. One application, its
    conditions met and one user per role serve every attempt, each in a
    savepoint rolled back after it."""
    application = ApplicationFactory(organisation=organisation)
    meet_conditions(application)
    users = {role: actor(role) for role in ROLES}
    failures, checked = [], 0
    for transition in CHECKED:
        for state in State.values:
            for role in ROLES:
                problem = attempt(application, state, transition, role, users[role])
                checked += 1
                if problem:
                    failures.append(f"{state} × {transition.action} × {role}: {problem}")
    submits = sum(t.action == "submit" for t in TRANSITIONS)
    assert checked == len(State) * len(TRANSITIONS) * len(ROLES) - len(State) * submits * len(ROLES)
    assert not failures, f"{len(failures)} of {checked} combinations:\n" + "\n".join(failures)
    # Nothing leaked from one attempt to the next.
    application.refresh_from_db()
    assert application.status == State.DRAFT
    assert not organisation.members.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="portal.application.").exists()


@pytest.mark.django_db
def test_submission_is_declared_for_applicants_from_draft_only():
    submit = next(t for t in TRANSITIONS if t.action == "submit")
    assert submit.sources == (State.DRAFT,)
    assert submit.roles == {Role.APPLICANT, Role.COUNTY_BUREAU}


@pytest.mark.django_db
def test_an_applicant_of_another_organisation_is_refused(organisation):
    application = ApplicationFactory(organisation=organisation, status=State.SUPPLEMENT_REQUESTED)
    stranger = UserFactory(roles=[Role.APPLICANT])
    with pytest.raises(Refused):
        application_transition(application=application, action="resubmit", user=stranger)


@pytest.mark.django_db
def test_a_reason_is_required_where_declared(organisation):
    application = ApplicationFactory(organisation=organisation, status=State.MATERIAL_REVIEW)
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    with pytest.raises(Refused) as info:
        application_transition(application=application, action="reject", user=reviewer, reason="  ")
    assert str(info.value) == "“不予通过”需要说明理由。"


def test_two_reviewers_at_once_one_wins_the_other_is_refused(committed_db):
    """On PostgreSQL the row lock makes the second wait and then judge the
    first's result. Accepting the materials and requesting a supplement both
    leave material review only: whichever comes second is refused."""
    application = ApplicationFactory(status=State.MATERIAL_REVIEW)
    first = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    second = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])

    def act(user, action):
        try:
            application_transition(
                application=application, action=action, user=user, reason="不符合条件"
            )
        except Refused as refused:
            return refused
        return "done"

    accept, supplement = run_at_once(
        lambda: act(first, "accept_materials"), lambda: act(second, "request_supplement")
    )
    outcomes: dict[str, object] = {"accept": accept, "supplement": supplement}
    results = sorted(str(type(v).__name__) for v in outcomes.values())
    assert results == ["Refused", "str"], outcomes
    application.refresh_from_db()
    winner = next(name for name, v in outcomes.items() if v == "done")
    loser = outcomes["supplement" if winner == "accept" else "accept"]
    assert (
        application.status
        == {"accept": State.FIELD_INSPECTION, "supplement": State.SUPPLEMENT_REQUESTED}[winner]
    )
    assert "不能执行" in str(loser)
    assert ModelLogEntry.objects.filter(action__startswith="portal.application.").count() == 1


def test_workflow_json_prints_the_declaration():
    out = StringIO()
    call_command("workflow", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == json.loads(json.dumps(declaration(), ensure_ascii=False))
    assert [s["code"] for s in data["states"]] == State.values
    assert {
        "source": "material_review",
        "target": "supplement_requested",
        "action": "request_supplement",
    }.items() <= next(t for t in data["transitions"] if t["action"] == "request_supplement").items()
    assert data["states"][0]["label"] == "草稿"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("state", "action", "message"),
    [
        (State.FIELD_INSPECTION, "record_inspection", "请先记录实地考察。"),
        (State.HEARING, "record_hearing", "请先记录听取意见的情况。"),
    ],
)
def test_a_step_needs_its_record(state, action, message, organisation):
    application = ApplicationFactory(organisation=organisation, status=state)
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    with pytest.raises(Refused) as info:
        application_transition(application=application, action=action, user=reviewer)
    assert str(info.value) == message


@pytest.mark.django_db
def test_materials_needing_relaxation_pass_only_once_it_is_granted(organisation):
    from applications.services.review import relaxation_decide

    application = ApplicationFactory(
        organisation=organisation,
        status=State.MATERIAL_REVIEW,
        relaxation_requested=True,
        relaxation_reason="濒危项目",
        eligibility={"overall": "needs_relaxation_review", "criteria": []},
    )
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    with pytest.raises(Refused, match="请先决定是否同意放宽条件"):
        application_transition(application=application, action="accept_materials", user=reviewer)
    relaxation_decide(
        application=application, user=reviewer, granted=False, reason="场地过小，无法保障生产"
    )
    with pytest.raises(Refused, match="不予通过"):
        application_transition(application=application, action="accept_materials", user=reviewer)
    relaxation_decide(
        application=application, user=reviewer, granted=True, reason="濒危项目，专家意见支持"
    )
    application_transition(application=application, action="accept_materials", user=reviewer)
    application.refresh_from_db()
    assert application.status == State.FIELD_INSPECTION
    decisions = ModelLogEntry.objects.filter(action="portal.application.relaxation_decide")
    assert [e.data["granted"] for e in decisions.order_by("pk")] == [False, True]


@pytest.mark.django_db
def test_the_diagram_is_drawn_from_the_declaration(client):
    from applications.workflow import main_path

    # The supplement request is a detour (its only way on leads back), the
    # removal after an upheld objection an exit.
    assert main_path() == [
        "draft",
        "submitted",
        "material_review",
        "field_inspection",
        "hearing",
        "expert_review",
        "reviewed",
        "candidate",
        "established",
    ]
    # Drawn in the guide's procedure, which the applicant's dashboard links.
    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    assert 'href="/guide/#procedure"' in client.get("/apply/").content.decode()
    page = client.get("/guide/").content.decode()
    assert "data-workflow-diagram" in page
    for state in main_path():
        assert f'data-state="{state}"' in page
    for transition in TRANSITIONS:
        assert str(transition.label) in page
