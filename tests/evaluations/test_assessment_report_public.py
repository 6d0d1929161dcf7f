"""第三十五条: the self-assessment report itself is put to the public
during its comment period, once the unit confirmed (who, when) that
personal data is removed from it; without that only the summary is public
and the unit is told why."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from evaluations.services.assessments import assessment_comment_open, assessment_save
from tests.evaluations.conftest import PDF, pdf

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def publish(unit, member, **overrides):
    assessment = assessment_save(
        **{
            "unit": unit,
            "user": member,
            "year": 2024,
            "key_work": ["古窑址保护"],
            "summary": "本年度完成重点工作十项。",
            "events": [{"name": "瑶里陶瓷文化展", "date": "2024-10-01", "place": "瑶里镇"}],
            "upload": pdf("自评报告.pdf"),
        }
        | overrides
    )
    return assessment_comment_open(assessment=assessment, user=member)


@time_machine.travel(datetime.datetime(2025, 1, 6, 9, tzinfo=SHANGHAI), tick=False)
def test_the_report_is_public_during_comment_once_personal_data_is_removed(zone, client):
    unit, member, _reviewer = zone
    assessment = publish(unit, member, personal_data_removed=True)
    assert assessment.personal_data_removed_by == member
    assert assessment.personal_data_removed_at is not None
    page = client.get(f"/directory/{unit.code}/self-assessment/2024/").content.decode()
    assert "data-report-link" in page
    response = client.get(f"/directory/{unit.code}/self-assessment/2024/report/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@time_machine.travel(datetime.datetime(2025, 1, 6, 9, tzinfo=SHANGHAI), tick=False)
def test_without_the_confirmation_the_report_stays_private_and_the_unit_is_told(zone, client):
    unit, member, _reviewer = zone
    assessment = publish(unit, member)
    assert assessment.personal_data_removed_at is None
    page = client.get(f"/directory/{unit.code}/self-assessment/2024/").content.decode()
    assert "data-report-link" not in page
    response = client.get(f"/directory/{unit.code}/self-assessment/2024/report/")
    assert response.status_code == 404
    client.force_login(member)
    own = client.get(f"/units/{unit.code}/self-assessment/2024/").content.decode()
    assert 'data-report-public="no"' in own


@time_machine.travel(datetime.datetime(2025, 1, 6, 9, tzinfo=SHANGHAI), tick=False)
def test_the_unit_confirms_on_its_form(zone, client):
    unit, member, _reviewer = zone
    client.force_login(member)
    response = client.post(
        f"/units/{unit.code}/self-assessment/2024/",
        {
            "action": "comment",
            "key_work": "古窑址保护",
            "summary": "本年度完成重点工作十项。",
            "report": pdf("自评报告.pdf"),
            "personal_data_removed": "on",
            "events-TOTAL_FORMS": "1",
            "events-INITIAL_FORMS": "0",
            "events-0-name": "瑶里陶瓷文化展",
            "events-0-date": "2024-10-01",
            "events-0-place": "瑶里镇",
        },
    )
    assert response.status_code == 302
    assessment = unit.self_assessments.get()
    assert assessment.status == "commenting" and assessment.personal_data_removed_by == member
    own = client.get(f"/units/{unit.code}/self-assessment/2024/").content.decode()
    assert 'data-report-public="yes"' in own
