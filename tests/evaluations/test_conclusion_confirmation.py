"""Concluding an evaluation cannot be undone: the first POST answers the
page that states what follows for the outcome chosen (the report
published; an order to rectify), changing nothing; what cannot be done
comes back on the evaluation's page with everything typed."""

import datetime

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from evaluations.models import RectificationOrder
from portal.core.models import InboxMessage
from tests.evaluations.test_decision_confirmations import asks
from tests.evaluations.test_evaluations import NOW, due_unit, experts, member, reviewer, scored  # noqa: F401

pytestmark = pytest.mark.django_db


# Concluding an evaluation (the fixtures of test_evaluations).


@time_machine.travel(NOW, tick=False)
def test_concluding_with_rectification_asks_first_and_keeps_what_was_typed(
    scored,  # noqa: F811
    reviewer,  # noqa: F811
    client,
):
    client.force_login(reviewer)
    url = f"/admin/evaluation_rounds/evaluation/{scored.pk}/conclude/"
    typed = {
        "outcome": "rectification",
        "conclusion": "资金使用绩效有待提高。",
        "items": "完善资金管理制度\n整改消防隐患",
        "deadline": "2027-06-30",
        "commended_by": "bureau",
    }
    messages_before = InboxMessage.objects.count()
    carried = asks(client.post(url, typed), reason=None)
    assert carried == typed | {"confirmed": "True"}
    scored.refresh_from_db()
    assert scored.status == "scoring" and scored.outcome == ""
    assert not RectificationOrder.objects.exists()
    assert not ModelLogEntry.objects.filter(action="portal.evaluation.conclude").exists()
    assert InboxMessage.objects.count() == messages_before
    # What cannot be done is not asked about: the page comes back, typed.
    refused = client.post(url, typed | {"deadline": "2027-02-01"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "data-consequence" not in page and "完善资金管理制度" in page
    assert client.post(url, carried).status_code == 302
    scored.refresh_from_db()
    assert scored.status == "published" and scored.outcome == "rectification"
    assert RectificationOrder.objects.get().deadline == datetime.date(2027, 6, 30)
    # Twice: concluded once only.
    client.post(url, carried)
    assert ModelLogEntry.objects.filter(action="portal.evaluation.conclude").count() == 1


@time_machine.travel(NOW, tick=False)
def test_others_cannot_conclude(scored, experts, client):  # noqa: F811
    client.force_login(experts[0])
    response = client.post(
        f"/admin/evaluation_rounds/evaluation/{scored.pk}/conclude/",
        {"outcome": "normal", "conclusion": "总体良好。", "confirmed": "True"},
    )
    away = response.status_code == 302 and response.url.split("?")[0]
    assert response.status_code in (403, 404) or away in ("/admin/", "/admin/login/")
    scored.refresh_from_db()
    assert scored.status == "scoring"
