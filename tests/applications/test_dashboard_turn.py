"""The applicant's dashboard says, for each application, whose turn it is
and until when — read from the workflow's declaration, not from the state's
name."""

import datetime

import pytest
from django.utils import timezone

from applications.roles import Role
from applications.selectors import application_turn
from applications.workflow import STATES, Party, State
from portal.core.models import FirstDayRule
from portal.core.services import working_day_period_create
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(organisation):
    user = UserFactory(roles=[Role.APPLICANT])
    organisation.members.add(user)
    return user


def application(organisation, member, status):
    return ApplicationFactory(organisation=organisation, created_by=member, status=status)


def test_every_state_names_whose_turn_it_is_or_none_once_ended():
    ended = {State.REJECTED, State.WITHDRAWN, State.RETURNED, State.REMOVED, State.ESTABLISHED}
    for state in State:
        assert (STATES[state].turn is None) == (state in ended), state


def test_the_dashboard_says_whose_turn_it_is(client, organisation, member):
    application(organisation, member, State.DRAFT)
    application(organisation, member, State.MATERIAL_REVIEW)
    client.force_login(member)
    page = client.get("/apply/").content.decode()
    assert 'data-turn="applicant"' in page and "待申报单位办理" in page
    assert 'data-turn="bureau"' in page and "待市文旅局办理" in page


def test_a_supplement_request_gives_the_applicant_the_turn_and_its_deadline(
    client, organisation, member
):
    supplementing = application(organisation, member, State.SUPPLEMENT_REQUESTED)
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    period = working_day_period_create(
        kind="supplement",
        label="补正",
        anchor_date=timezone.localdate(),
        working_days=10,
        first_day_rule=FirstDayRule.NEXT_DAY,
        owner=supplementing,
    )
    supplementing.supplement_requests.create(
        items=[{"slot": "licence", "note": ""}],
        message="请补营业执照。",
        period=period,
        requested_by=reviewer,
    )
    turn = application_turn(application=supplementing)
    assert turn == {"turn": Party.APPLICANT, "deadline": period.end_date}
    assert period.end_date > timezone.localdate() + datetime.timedelta(days=9)
    client.force_login(member)
    page = client.get("/apply/").content.decode()
    assert (
        f"{period.end_date.year}年{period.end_date.month}月{period.end_date.day}日 24时前" in page
    )
