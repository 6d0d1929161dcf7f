"""The unit's own pages (/units/), the bureau's filing screens and the
public comment page, through the Django test client."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from applications.models import Township
from evaluations.models import MasterPlan, PublicComment, SelfAssessment
from evaluations.services.obligations import obligations_generate
from portal.core.spamguard import shown_token
from tests.evaluations.conftest import PDF, pdf
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_unit_page_shows_the_timeline_to_its_members_only(client, zone):
    unit, member, _reviewer = zone
    obligations_generate(day=datetime.date(2025, 2, 1))
    client.force_login(UserFactory())
    assert client.get(f"/units/{unit.code}/").status_code == 404
    client.force_login(member)
    html = client.get(f"/units/{unit.code}/").content.decode()
    assert "data-timeline" in html and 'data-obligation="master_plan"' in html
    assert client.get("/units/").content.decode().count(unit.name) == 1


def test_plan_form_keeps_the_typed_values_on_a_refusal_and_files(client, zone):
    unit, member, reviewer = zone
    client.force_login(member)
    core = Township.objects.get(name="瑶里镇")
    data = {
        "starts_on": "2025-01-01",
        "term_years": "10",
        "near_term_years": "6",
        "mid_term_years": "2",
        "long_term_years": "2",
        "core": [core.pk],
    }
    response = client.post(f"/units/{unit.code}/plan/", data | {"document": pdf()})
    assert response.status_code == 400
    assert 'value="6"' in response.content.decode()
    assert not MasterPlan.objects.exists()
    response = client.post(
        f"/units/{unit.code}/plan/",
        data | {"near_term_years": "5", "mid_term_years": "3", "document": pdf()},
    )
    assert response.status_code == 302
    plan = MasterPlan.objects.get()
    # The bureau sees it, downloads it (logged) and files it.
    client.force_login(reviewer)
    assert unit.name in client.get("/admin/filings/").content.decode()
    page = client.get(f"/admin/filings/plan/{plan.pk}/").content.decode()
    assert "瑶里镇" in page
    download = client.get(f"/admin/filings/plan/{plan.pk}/file/document/")
    assert b"".join(download.streaming_content) == PDF
    decided = client.post(
        f"/admin/filings/plan/{plan.pk}/decide/",
        {"decision": "yes", "confirmed": "True"},
        follow=True,
    )
    assert 'data-filing-status="filed"' in decided.content.decode()
    plan.refresh_from_db()
    assert plan.status == "filed"
    # Not for others.
    client.force_login(member)
    assert client.get(f"/admin/filings/plan/{plan.pk}/file/document/").status_code in (302, 403)


@time_machine.travel(datetime.datetime(2025, 1, 6, 9, tzinfo=SHANGHAI), tick=True)
def test_public_comment_page_takes_comments_and_hides_identities(client, zone):
    unit, member, _reviewer = zone
    client.force_login(member)
    response = client.post(
        f"/units/{unit.code}/self-assessment/2024/",
        {
            "action": "comment",
            "key_work": "古窑址保护\n传承人培养",
            "summary": "完成重点工作十项。",
            "report": pdf("自评报告.pdf"),
            "events-TOTAL_FORMS": "2",
            "events-INITIAL_FORMS": "0",
            "events-0-name": "瑶里陶瓷文化展",
            "events-0-date": "2024-10-01",
            "events-0-place": "瑶里镇",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SelfAssessment.objects.get().status == "commenting"
    client.logout()
    url = f"/directory/{unit.code}/self-assessment/2024/"
    assert "self-assessment/2024/" in client.get(f"/directory/{unit.code}/").content.decode()
    page = client.get(url).content.decode()
    assert "古窑址保护" in page and 'data-comment-state="open"' in page
    response = client.post(
        url,
        {
            "name": "村民丙",
            "phone": "13500000002",
            "text": "建议开放古窑址参观。",
            "shown": shown_token(age=30),
            "website": "",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "data-receipt-code" in html
    assert "村民丙" not in html and "13500000002" not in html
    assert PublicComment.objects.get().name == "村民丙"
