"""The task outbox in the admin (设置 → 待投递任务): administrators read
what a broker outage left behind; nobody can change it there."""

import pytest

from applications.roles import Role
from portal.core.models import QueuedTask
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded():
    return QueuedTask.objects.create(
        name="applications.tasks.receipt_render", args=[41], last_error="Connection refused"
    )


def test_an_administrator_reads_the_recorded_jobs(client, recorded):
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    listing = client.get("/admin/queued_tasks/")
    assert listing.status_code == 200
    assert "applications.tasks.receipt_render" in listing.content.decode()
    inspect = client.get(f"/admin/queued_tasks/inspect/{recorded.pk}/")
    assert inspect.status_code == 200
    assert "Connection refused" in inspect.content.decode()


def test_the_screen_offers_no_way_to_change_a_job(client, recorded):
    """Not even to a superuser: the listing has no add button, and adding,
    editing and deleting are refused, changing nothing."""
    client.force_login(UserFactory(is_superuser=True))
    listing = client.get("/admin/queued_tasks/")
    assert listing.status_code == 200
    assert "/admin/queued_tasks/new/" not in listing.content.decode()
    assert client.get("/admin/queued_tasks/new/").status_code == 302  # back to the dashboard
    assert client.post("/admin/queued_tasks/new/", {"name": "x"}).status_code == 302
    for path in (
        f"/admin/queued_tasks/edit/{recorded.pk}/",
        f"/admin/queued_tasks/delete/{recorded.pk}/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, {"name": "x"}).status_code == 404
    assert list(QueuedTask.objects.values_list("name", flat=True)) == [
        "applications.tasks.receipt_render"
    ]


def test_reviewers_do_not_see_the_outbox(client, recorded):
    client.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    assert client.get("/admin/queued_tasks/").status_code in (302, 403, 404)
