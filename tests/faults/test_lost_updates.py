"""Finding 2: a task that saves a model, racing a workflow transition or a
second run of itself (a retried task, the re-queue, the sweep), loses
nothing: the transition survives, the database and the audit log agree,
and the receipt is stored and told once."""

import pytest
from django.db import connection
from wagtail.models import ModelLogEntry

from applications.models import Application
from applications.roles import Role
from applications.services.submission import receipt_render_store
from applications.services.transitions import application_transition
from applications.workflow import State
from cms.services import site_tree_ensure
from cms.services.documents import unit_certificate_render
from evaluations.models import ProtectedUnit, UnitStatus
from evaluations.services.rectification import unit_delist
from portal.core.models import InboxMessage, OutboxEmail
from tests.factories import ApplicationFactory, OrganisationFactory, UnitFactory, UserFactory
from tests.helpers import run_at_once


@pytest.fixture
def postgres(committed_db):
    if connection.vendor != "postgresql":
        pytest.skip("rows race only on PostgreSQL; SQLite serialises the writers")


@pytest.fixture
def application(postgres):
    """A submitted application whose receipt is not rendered yet."""
    applicant = UserFactory(roles=[Role.APPLICANT], email="workshop@example.invalid")
    organisation = OrganisationFactory()
    organisation.members.add(applicant)
    return ApplicationFactory(
        submitted=True,
        category="production",
        organisation=organisation,
        created_by=applicant,
        number=1,
    )


def entries(application, action):
    return ModelLogEntry.objects.filter(
        content_type__model="application", object_id=str(application.pk), action=action
    )


def test_the_receipt_rendering_while_a_reviewer_starts_the_review(application):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    rendered, moved = run_at_once(
        lambda: receipt_render_store(application_id=application.pk),
        lambda: application_transition(
            application=application, action="start_review", user=reviewer
        ),
    )
    assert isinstance(rendered, Application) and isinstance(moved, Application)
    application.refresh_from_db()
    assert application.status == State.MATERIAL_REVIEW
    assert application.receipt_pdf
    # The database is where the audit log says the application went.
    [entry] = entries(application, "portal.application.start_review")
    assert entry.data["to"] == application.status
    assert entries(application, "portal.application.receipt").count() == 1


def test_two_receipt_runs_at_once_store_and_tell_it_once(application):
    """The worker's run and the re-queue's (or the sweep's) at once."""
    first, second = run_at_once(
        lambda: receipt_render_store(application_id=application.pk),
        lambda: receipt_render_store(application_id=application.pk),
    )
    assert isinstance(first, Application) and isinstance(second, Application)
    application.refresh_from_db()
    assert application.receipt_pdf
    assert first.receipt_pdf.name == second.receipt_pdf.name == application.receipt_pdf.name
    assert entries(application, "portal.application.receipt").count() == 1
    assert InboxMessage.objects.filter(event="application.received").count() == 1
    assert OutboxEmail.objects.filter(to="workshop@example.invalid").count() == 1


def test_the_certificate_rendering_while_the_bureau_delists_the_unit(postgres):
    """The certificate task saves only its file: a delisting that lands
    while it renders stays (status and date), as the log says."""
    site_tree_ensure()
    unit = UnitFactory()
    bureau = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    rendered, delisted = run_at_once(
        lambda: unit_certificate_render(unit_id=unit.pk),
        lambda: unit_delist(unit=unit, user=bureau, reason="连续两年未提交年度自评报告"),
    )
    assert isinstance(rendered, ProtectedUnit) and isinstance(delisted, ProtectedUnit)
    unit.refresh_from_db()
    assert unit.status == UnitStatus.DELISTED and unit.delisted_on
    assert unit.certificate_pdf
    assert ModelLogEntry.objects.filter(
        content_type__model="protectedunit", object_id=str(unit.pk), action="portal.unit.delist"
    ).exists()
