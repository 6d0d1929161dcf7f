"""An applicant with a draft of its organisation, for the draft tests."""

from applications.roles import Role
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory

PASSWORD = "Jdz-test-2026"


def applicant_with_draft(username: str = "drafter", **fields):
    """Returns (user, application): a member of the default organisation
    with the applicant role, and a base draft of it (``fields`` set)."""
    organisation = OrganisationFactory()
    user = UserFactory(username=username, roles=[Role.APPLICANT])
    organisation.members.add(user)
    application = ApplicationFactory(organisation=organisation, created_by=user, **fields)
    return user, application
