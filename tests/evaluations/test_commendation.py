"""第三十八条: 市文旅局、市人民政府将予以通报表扬 — a commendation records
who commends (the bureau, the city government or both) and the unit's
history shows it."""

import pytest

from evaluations.selectors import unit_history
from portal.core.errors import Refused
from tests.evaluations.test_evaluations import (  # noqa: F401 (fixtures)
    conclude,
    due_unit,
    experts,
    member,
    reviewer,
    scored,
)

pytestmark = pytest.mark.django_db


def test_a_commendation_records_who_commends_and_shows_in_the_history(scored, reviewer):  # noqa: F811
    with pytest.raises(Refused):
        conclude(scored, reviewer, outcome="commendation", commended_by="mayor")
    evaluation = conclude(scored, reviewer, outcome="commendation", commended_by="both")
    assert evaluation.commended_by == "both"
    events = [e for e in unit_history(unit=evaluation.unit) if e.get("commended_by")]
    assert [e["commended_by"] for e in events] == ["both"]
    assert events[0]["url"] == evaluation.report_page.url


def test_the_admin_form_records_who_commends(scored, reviewer, client):  # noqa: F811
    client.force_login(reviewer)
    response = client.post(
        f"/admin/evaluation_rounds/evaluation/{scored.pk}/conclude/",
        {
            "outcome": "commendation",
            "conclusion": "保护成效显著。",
            "commended_by": "city",
            "confirmed": "True",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]
    scored.refresh_from_db()
    assert (scored.outcome, scored.commended_by) == ("commendation", "city")


def test_no_commender_without_a_commendation(scored, reviewer):  # noqa: F811
    evaluation = conclude(scored, reviewer, outcome="normal", commended_by="both")
    assert evaluation.commended_by == ""
