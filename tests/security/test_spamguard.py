"""Finding 1: a signed display time ("shown") is accepted once; a form
posted again with it is refused, however its other fields change."""

import pytest

from applications.models import Objection
from portal.core.spamguard import GuardedForm, shown_token

from .conftest import objection_data


def test_a_token_is_accepted_once(db):
    data = {"website": "", "shown": shown_token(age=60)}
    assert GuardedForm(data).is_valid()
    again = GuardedForm(data)
    assert not again.is_valid()
    assert again.errors.as_data()["__all__"][0].code == "automated"
    # A token of its own for each form shown.
    assert GuardedForm({"website": "", "shown": shown_token(age=60)}).is_valid()


@pytest.mark.django_db
def test_a_replayed_objection_form_is_refused(open_window, client):
    candidates, page = open_window
    first = objection_data(candidates)
    assert (
        client.post(page.url + "objection/", first, REMOTE_ADDR="198.51.100.1").status_code == 302
    )
    # The same token, another contact, another address: refused all the same.
    replay = objection_data(candidates, shown=first["shown"])
    response = client.post(page.url + "objection/", replay, REMOTE_ADDR="198.51.100.2")
    assert response.status_code == 400
    assert response.context["form"].data["shown"] != first["shown"]  # a new one to go on with
    assert Objection.objects.count() == 1
