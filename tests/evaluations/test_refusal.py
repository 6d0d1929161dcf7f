"""The municipal government does not approve candidates (第十二条): the
bureau records the refusal — the document, its date and the reason — on
the approval screens, after a page that states what follows; each
candidate is rejected, logged and its applicant told."""

import datetime
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from wagtail.models import ModelLogEntry

from applications.roles import Role
from applications.services.refusals import application_refusal_record
from applications.workflow import State
from portal.core.errors import Refused
from portal.core.models import InboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY = datetime.date(2025, 9, 22)  # window 2025-09-22 to 2025-10-23
AFTER = datetime.datetime(2025, 11, 3, 10, tzinfo=SHANGHAI)
REASON = "该单位传承活动开展不足，暂不予认定。"


@pytest.fixture
def publicised(publicise):
    with time_machine.travel(datetime.datetime(2025, 9, 22, 9, tzinfo=SHANGHAI), tick=False):
        candidates, _page, reviewer = publicise(MONDAY)
    first, second = candidates.applications.order_by("receipt_number")
    return candidates, reviewer, first, second


def refuse(candidates, reviewer, applications, **kwargs):
    return application_refusal_record(
        candidate_list=candidates,
        user=reviewer,
        document_number=kwargs.pop("document_number", "景府字〔2025〕121号"),
        refused_on=kwargs.pop("refused_on", datetime.date(2025, 11, 3)),
        reason=kwargs.pop("reason", REASON),
        applications=applications,
    )


def nothing_recorded(*applications):
    for application in applications:
        application.refresh_from_db()
        assert application.status == State.CANDIDATE
    assert not ModelLogEntry.objects.filter(action="portal.application.record_refusal").exists()
    assert not InboxMessage.objects.filter(event="application.record_refusal").exists()


@time_machine.travel(AFTER, tick=False)
def test_the_refusal_rejects_logs_and_tells_the_applicant(publicised):
    candidates, reviewer, first, second = publicised
    refused = refuse(candidates, reviewer, [first])
    assert [a.pk for a in refused] == [first.pk]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == State.REJECTED and second.status == State.CANDIDATE
    entry = ModelLogEntry.objects.get(action="portal.application.record_refusal")
    assert entry.object_id == str(first.pk) and entry.user_id == reviewer.pk
    assert entry.data["document_number"] == "景府字〔2025〕121号"
    assert entry.data["refused_on"] == "2025-11-03"
    assert entry.data["candidate_list"] == candidates.pk
    assert REASON in entry.data["reason"] and entry.data["to"] == State.REJECTED
    told = InboxMessage.objects.get(event="application.record_refusal")
    assert told.recipient.organisations.filter(pk=first.organisation_id).exists()
    assert REASON in told.body and "景府字〔2025〕121号" in told.body


@time_machine.travel(AFTER, tick=False)
def test_a_non_candidate_is_refused_and_nothing_changes(publicised):
    candidates, reviewer, first, second = publicised
    refuse(candidates, reviewer, [second])
    ModelLogEntry.objects.filter(action="portal.application.record_refusal").delete()
    InboxMessage.objects.all().delete()
    # The second is no longer a candidate: the whole refusal is refused.
    with pytest.raises(Refused) as refused:
        refuse(candidates, reviewer, [first, second])
    assert "湖田青白瓷研究所" in str(refused.value)
    nothing_recorded(first)


@time_machine.travel(AFTER, tick=False)
def test_the_refusal_needs_its_document_a_date_after_the_window_and_a_reason(publicised):
    candidates, reviewer, first, _second = publicised
    with pytest.raises(Refused) as refused:
        refuse(
            candidates,
            reviewer,
            [first],
            document_number=" ",
            refused_on=datetime.date(2025, 10, 20),
            reason=" ",
        )
    assert len(refused.value.problems) == 3
    with pytest.raises(Refused):
        refuse(candidates, reviewer, [first], refused_on=datetime.date(2025, 11, 4))
    with pytest.raises(Refused):
        refuse(candidates, UserFactory(roles=[Role.EXPERT]), [first])
    nothing_recorded(first)


def hidden_fields(page: str) -> list:
    form = page[page.index("data-confirm") :]
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)
    return [(n, html.unescape(v)) for n, v in fields if n != "csrfmiddlewaretoken"]


@time_machine.travel(AFTER, tick=False)
def test_the_screen_asks_to_confirm_with_the_reason_then_refuses(publicised, client):
    candidates, reviewer, first, second = publicised
    client.force_login(reviewer)
    url = f"/admin/approvals/refuse/{candidates.pk}/"
    page = client.get(f"/admin/candidate_lists/inspect/{candidates.pk}/").content.decode()
    assert f'href="{url}"' in page
    assert client.get(url).status_code == 200
    data = {
        "document_number": "景府字〔2025〕121号",
        "refused_on": "2025-11-03",
        "reason": REASON,
        "applications": [first.pk],
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "data-consequence" in page
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\s*' + REASON, page)
    nothing_recorded(first, second)
    carried = hidden_fields(page)
    assert ("confirmed", "True") in carried and ("applications", str(first.pk)) in carried
    # The reason re-asked: emptied, nothing is done.
    again = dict(carried)
    assert client.post(url, again | {"reason": ""}).status_code == 400
    nothing_recorded(first, second)
    done = client.post(url, again | {"reason": REASON})
    assert done.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == State.REJECTED and second.status == State.CANDIDATE
    assert ModelLogEntry.objects.filter(action="portal.application.record_refusal").count() == 1
    # Twice: the first is no longer offered; nothing more is recorded.
    assert client.post(url, again | {"reason": REASON}).status_code == 400
    assert ModelLogEntry.objects.filter(action="portal.application.record_refusal").count() == 1


@time_machine.travel(AFTER, tick=False)
@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EXPERT, Role.COUNTY_BUREAU])
def test_the_screen_is_for_the_bureau_only(publicised, client, role):
    candidates, _reviewer, first, second = publicised
    client.force_login(UserFactory(roles=[role]))
    url = f"/admin/approvals/refuse/{candidates.pk}/"
    data = {
        "document_number": "景府字〔2025〕121号",
        "refused_on": "2025-11-03",
        "reason": REASON,
        "applications": [first.pk],
        "confirmed": "True",
    }
    for response in (client.get(url), client.post(url, data)):
        # Refused: 403/404, or sent away (the admin's home, or the sign-in
        # for accounts without the admin).
        away = response.status_code == 302 and response.url.split("?")[0]
        assert response.status_code in (403, 404) or away in ("/admin/", "/admin/login/")
    nothing_recorded(first, second)


@time_machine.travel(AFTER, tick=False)
def test_the_approval_is_confirmed_on_its_own_page_by_a_tick(publicised, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations.models import Approval, ProtectedUnit

    candidates, reviewer, first, _second = publicised
    client.force_login(reviewer)
    url = f"/admin/approvals/record/{candidates.pk}/"
    assert "data-consequence" in client.get(url).content.decode()
    data = {
        "document_number": "景府字〔2025〕120号",
        "approved_on": "2025-11-03",
        "applications": [first.pk],
    }
    scan = SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%scan\n", content_type="application/pdf")
    response = client.post(url, data | {"scan": scan})
    assert response.status_code == 400 and response.context["form"].errors["confirmed"]
    assert not Approval.objects.exists() and not ProtectedUnit.objects.exists()
    first.refresh_from_db()
    assert first.status == State.CANDIDATE
    scan.seek(0)
    assert client.post(url, data | {"scan": scan, "confirmed": "on"}).status_code == 302
    first.refresh_from_db()
    assert first.status == State.ESTABLISHED
