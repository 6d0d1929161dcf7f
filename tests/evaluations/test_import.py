"""Import of units approved before the portal (第三十九–四十条): CSV in
UTF-8 or GB18030 and XLSX, every problem reported by row, all or nothing or
the good rows, dry runs, the facts of each unit's past as done obligations
and its obligations from the import day on, and the admin screens."""

import datetime
import io
import re
import zipfile
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from wagtail.models import ModelLogEntry

from applications.models import Organisation
from applications.roles import Role
from applications.uscc import uscc_check_character
from evaluations.import_rows import import_problems
from evaluations.import_table import parse_date
from evaluations.models import Obligation, ProtectedUnit, UnitImport
from evaluations.services.importing import units_import
from evaluations.services.obligations import obligations_generate, obligations_run
from portal.core.models import InboxMessage
from tests.factories import OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The import day of every test: 2026-03-10, 10:00 in Jingdezhen.
IMPORT_DAY = datetime.date(2026, 3, 10)
NOW = datetime.datetime(2026, 3, 10, 10, tzinfo=SHANGHAI)


def uscc(body: str) -> str:
    """A valid 统一社会信用代码 from its first seventeen characters."""
    return body + uscc_check_character(body)


ZONE = uscc("12360222MB1234567")  # a county's management body
INSTITUTE = uscc("12360203MB7654321")
WORKSHOP = uscc("91360281MA3ABCDE1")

HEADER = "名称,类型,类别,所在县,设立日期,总体规划备案日期,最近评估日期,统一社会信用代码"
GOOD_ROWS = [
    f"浮梁县陶瓷文化生态保护实验区,实验区,,浮梁县,2015-06-01,2016-05-01,2024-05-20,{ZONE}",
    f"湖田青白瓷研究所（研究基地）,保护基地,研究基地,珠山区,2020/3/1,,2023/4/1,{INSTITUTE}",
]
# Row 4 of the file: an unknown county and a date that is no date.
BAD_ROW = f"乐平古窑传承工坊,保护基地,传承基地,景德镇县,2021-13-01,,,{WORKSHOP}"


def csv_bytes(*rows: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join([HEADER, *rows]).encode(encoding)


@pytest.fixture
def reviewer(db):
    return UserFactory(roles=[Role.MUNICIPAL_REVIEWER])


@pytest.fixture(autouse=True)
def _import_day():
    # Messages are asserted in Chinese, whatever language an earlier test
    # left active in this thread.
    with time_machine.travel(NOW, tick=False), translation.override("zh-hans"):
        yield


def run(data: bytes, user, *, dry_run=False, all_or_nothing=True, name="units.csv"):
    return units_import(
        data=data, file_name=name, user=user, dry_run=dry_run, all_or_nothing=all_or_nothing
    )


def test_one_bad_row_is_reported_and_all_or_nothing_imports_nothing(reviewer):
    record = run(csv_bytes(*GOOD_ROWS, BAD_ROW), reviewer)
    assert record.rows == 3
    assert record.created == 0
    assert [entry["row"] for entry in record.errors] == [4]
    problems = import_problems(record)
    assert any(p.startswith("第 4 行：“景德镇县”不在实验区范围内") for p in problems)
    assert any(p.startswith("第 4 行：“2021-13-01”不是日期（设立日期）") for p in problems)
    assert not ProtectedUnit.objects.exists()
    assert not Organisation.objects.exists()
    assert not Obligation.objects.exists()
    entry = ModelLogEntry.objects.get(action="portal.unit.import")
    assert entry.data["rows"] == 3 and entry.data["created"] == 0 and entry.data["errors"] == 1
    assert entry.data["sha256"] == record.sha256


def test_without_all_or_nothing_the_good_rows_are_imported(reviewer):
    record = run(csv_bytes(*GOOD_ROWS, BAD_ROW), reviewer, all_or_nothing=False)
    assert record.created == 2
    assert [entry["row"] for entry in record.errors] == [4]
    zone = ProtectedUnit.objects.get(kind="reserve")
    assert (zone.code, zone.status, zone.category) == ("2015-SYQ-001", "experimental_zone", "")
    assert zone.imported and zone.tracked_from == IMPORT_DAY
    assert zone.established_on == datetime.date(2015, 6, 1)
    assert zone.county.name == "浮梁县"
    assert [c.name for c in zone.counties.all()] == ["浮梁县"]
    # The organisation did not exist: created with the row's name and county.
    assert zone.organisation.uscc == ZONE and zone.organisation.name == zone.name
    base = ProtectedUnit.objects.get(kind="base")
    assert (base.code, base.status, base.category) == ("2020-JD-001", "designated_base", "research")
    assert not ProtectedUnit.objects.filter(name="乐平古窑传承工坊").exists()
    logged = ModelLogEntry.objects.filter(action="portal.unit.imported")
    assert sorted(e.data["row"] for e in logged) == [2, 3]
    assert {e.data["import"] for e in logged} == {record.pk}


def test_an_existing_organisation_is_used_and_duplicates_and_existing_units_are_refused(
    reviewer,
):
    organisation = OrganisationFactory(uscc=WORKSHOP, name="乐平古窑瓷业有限公司")
    existing = UnitFactory(organisation=organisation, category="transmission", code="2019-JD-007")
    rows = [
        f"乐平古窑（传承基地）,保护基地,传承基地,乐平市,2019-05-01,,,{WORKSHOP}",
        f"乐平古窑（传播基地）,基地,传播基地,乐平市,2019-05-01,,,{WORKSHOP}",
        f"乐平古窑（传播基地）二,保护基地,传播基地,乐平市,2019-05-01,,,{WORKSHOP}",
    ]
    record = run(csv_bytes(*rows), reviewer, all_or_nothing=False)
    problems = import_problems(record)
    assert "第 2 行：该单位已设立（证书编号 2019-JD-007）。" in problems
    assert "第 4 行：与第 3 行是同一单位（统一社会信用代码、类型和类别均相同）。" in problems
    assert record.created == 1
    created = ProtectedUnit.objects.exclude(pk=existing.pk).get()
    assert created.organisation == organisation
    assert Organisation.objects.count() == 1


def test_each_problem_of_a_row_is_reported(reviewer):
    rows = [
        f",保护区,研究基地,浮梁县,2030-01-01,2010-01-01,,{ZONE}",
        "某基地,工坊,,浮梁县,2019-01-01,,,91350100M000100Y44",
        f"某基地,保护基地,,浮梁县,2019-01-01,2019-06-01,2018-01-01,{INSTITUTE}",
    ]
    record = run(csv_bytes(*rows), reviewer)
    by_row = {entry["row"]: entry["errors"] for entry in record.errors}
    assert by_row[2] == [
        "缺少名称。",
        "保护区（实验区）没有类别：类别一栏请留空。",
        "设立日期（2030-01-01）晚于今天。",
    ]
    assert by_row[3][0] == "无法识别类型“工坊”：请填写“保护区”“实验区”或“保护基地”。"
    assert by_row[3][1].startswith("校验码（最后一位）应为 3，而不是 4")
    assert by_row[4] == [
        "保护基地须填写类别。",
        "保护基地不需备案总体规划：总体规划备案日期请留空。",
        "最近评估日期（2018-01-01）早于设立日期（2019-01-01）。",
    ]


def test_a_header_without_required_columns_is_refused_as_a_whole(reviewer):
    record = run("名称,类型\n某基地,保护基地\n".encode(), reviewer)
    assert record.rows == 0
    (problem,) = import_problems(record)
    assert problem == "文件：第 1 行（表头）缺少列“所在县”、“设立日期”、“统一社会信用代码”。"


def test_blank_rows_are_skipped_and_keep_their_numbers(reviewer):
    data = ",,,,,,,\n" + HEADER + "\n,,,,,,,\n" + BAD_ROW + "\n"
    record = run(data.encode(), reviewer)
    assert record.rows == 1
    assert [entry["row"] for entry in record.errors] == [4]


def test_a_zip_that_is_no_workbook_and_a_table_too_long_are_refused(reviewer, monkeypatch):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("word/document.xml", "<w/>")
    record = run(archive.getvalue(), reviewer, name="units.xlsx")
    assert import_problems(record) == ["文件：文件不是可读取的 XLSX 工作簿。"]
    monkeypatch.setattr("evaluations.import_table.MAX_ROWS", 1)
    record = run(csv_bytes(*GOOD_ROWS), reviewer)
    assert import_problems(record) == ["文件：表格超过 1 行：请拆分为多个文件。"]
    assert not ProtectedUnit.objects.exists()


def test_a_reserve_spanning_several_counties_gets_them_all_the_lead_first(reviewer):
    row = f"昌江两岸陶瓷文化生态保护实验区,实验区,,珠山区、浮梁县；乐平市,2016-06-01,,,{ZONE}"
    record = run(csv_bytes(row), reviewer)
    assert (record.created, record.errors) == (1, [])
    zone = ProtectedUnit.objects.get()
    assert zone.county.name == "珠山区"
    assert zone.organisation.county.name == "珠山区"
    assert sorted(c.name for c in zone.counties.all()) == ["乐平市", "浮梁县", "珠山区"]


def test_a_base_in_several_counties_or_an_unknown_one_among_them_is_refused(reviewer):
    base = f"湖田研究所,保护基地,研究基地,珠山区、浮梁县,2020-03-01,,,{INSTITUTE}"
    zone = f"两县实验区,实验区,,浮梁县、景德镇县,2016-06-01,,,{ZONE}"
    record = run(csv_bytes(base, zone), reviewer, all_or_nothing=False)
    assert record.created == 0
    problems = import_problems(record)
    assert any(p.startswith("第 2 行：保护基地只位于一个县") for p in problems)
    assert any(p.startswith("第 3 行：“景德镇县”不在实验区范围内") for p in problems)
    assert not ProtectedUnit.objects.exists()


def test_a_gb18030_csv_as_chinese_excel_saves_it(reviewer):
    record = run(csv_bytes(*GOOD_ROWS, encoding="gb18030"), reviewer)
    assert record.errors == []
    assert sorted(ProtectedUnit.objects.values_list("county__name", flat=True)) == [
        "浮梁县",
        "珠山区",
    ]
    assert ProtectedUnit.objects.filter(name="浮梁县陶瓷文化生态保护实验区").exists()


def test_a_utf8_csv_with_bom_and_english_headers(reviewer):
    text = (
        "\ufeffname,kind,category,county,established_on,plan_filed_on,last_evaluation_on,uscc\n"
        f"湖田研究基地,base,research,360203,2019年3月15日,,,{INSTITUTE}\n"
    )
    record = run(text.encode("utf-8"), reviewer)
    assert record.created == 1
    unit = ProtectedUnit.objects.get()
    assert unit.established_on == datetime.date(2019, 3, 15)
    assert unit.county.name == "珠山区"


def test_an_xlsx_workbook_with_excel_dates(reviewer):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "浮梁县陶瓷文化生态保护实验区",
            "保护区",
            None,
            "浮梁县",
            datetime.datetime(2015, 6, 1),
            datetime.date(2016, 5, 1),
            None,
            ZONE,
        ]
    )
    sheet.append(["湖田研究基地", "保护基地", "研究基地", "珠山区", 43539, None, None, INSTITUTE])
    buffer = io.BytesIO()
    workbook.save(buffer)
    record = run(buffer.getvalue(), reviewer, name="存量单位.xlsx")
    assert record.errors == [] and record.created == 2
    base = ProtectedUnit.objects.get(kind="base")
    assert base.established_on == datetime.date(2019, 3, 15)  # Excel serial 43539
    plan = Obligation.objects.get(unit__kind="reserve", kind="master_plan")
    assert plan.status == "done" and plan.note == "导入：总体规划已备案"
    assert plan.done_at.date() == datetime.date(2016, 5, 1)


def test_an_old_xls_file_is_refused_with_a_reason(reviewer):
    record = run(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, reviewer, name="a.xls")
    assert import_problems(record) == [
        "文件：无法读取旧版 Excel 文件（.xls）：请将表格另存为 .xlsx 或 CSV。"
    ]


def test_a_csv_with_a_nul_character_is_refused_as_a_whole(reviewer):
    # What PostgreSQL stores in no text column, not even in a problem that
    # quotes the cell ("the kind “保护\x00区” is unknown").
    kind = GOOD_ROWS[0].replace("实验区", "实验\x00区")
    name = GOOD_ROWS[1].replace("湖田", "湖\x00田")
    for data in (csv_bytes(kind), csv_bytes(name), "\ufeff名称".encode("utf-16-le")):
        record = run(data, reviewer)
        assert [entry["row"] for entry in record.errors] == [0]
        assert len(import_problems(record)) == 1
    assert not ProtectedUnit.objects.exists()


def test_dates_in_the_forms_spreadsheets_give():
    assert parse_date("2019/3/15") == datetime.date(2019, 3, 15)
    assert parse_date("2019-03-15") == datetime.date(2019, 3, 15)
    assert parse_date("2019.3.15") == datetime.date(2019, 3, 15)
    assert parse_date("2019年3月15日") == datetime.date(2019, 3, 15)
    assert parse_date(43539) == datetime.date(2019, 3, 15)
    assert parse_date(datetime.datetime(2019, 3, 15, 0, 0)) == datetime.date(2019, 3, 15)
    for bad in ("15/3/2019", "2019-02-30", "明年"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_a_dry_run_writes_only_its_record(reviewer):
    record = run(csv_bytes(*GOOD_ROWS), reviewer, dry_run=True)
    assert record.would_create == 2 and record.created == 0
    assert [line.name for line in record.lines] == [
        "浮梁县陶瓷文化生态保护实验区",
        "湖田青白瓷研究所（研究基地）",
    ]
    assert "下一次评估：2027-05-20。" in record.lines[0].notes
    assert not ProtectedUnit.objects.exists()
    assert not Organisation.objects.exists()
    assert not Obligation.objects.exists()
    saved = UnitImport.objects.get()
    assert saved.dry_run and saved.rows == 2 and saved.created == 0
    # The certificate numbers were not consumed by the preview.
    run(csv_bytes(*GOOD_ROWS), reviewer)
    assert sorted(ProtectedUnit.objects.values_list("code", flat=True)) == [
        "2015-SYQ-001",
        "2020-JD-001",
    ]


def obligations_of(unit):
    return [
        (o.kind, o.period, o.due_date.isoformat(), o.status)
        for o in Obligation.objects.filter(unit=unit).order_by("due_date", "kind")
    ]


LATE_ZONE = uscc("12360281MB1111111")
OBLIGATION_ROWS = [
    *GOOD_ROWS,
    # A zone with neither a plan filed nor an evaluation on record.
    f"乐平市陶瓷文化生态保护实验区,保护区,,乐平市,2021-09-01,,,{LATE_ZONE}",
]


def test_imported_units_get_their_obligations_from_the_import_day(reviewer):
    run(csv_bytes(*OBLIGATION_ROWS), reviewer)
    zone, institute, late = (
        ProtectedUnit.objects.get(organisation__uscc=code) for code in (ZONE, INSTITUTE, LATE_ZONE)
    )
    # Plan filed and evaluated in cycle 3 (2024-06-01 by the schedule, held
    # 2024-05-20): both done; the next evaluation three years after the
    # one held, not after establishment (2027-06-01); the 2025
    # self-assessment (due 2026-01-31) is on paper, the 2026 one is next.
    # Its plan, filed on 2016-05-01, is recorded: acceptance opens three
    # years (the rules') after it, and stays open.
    assert obligations_of(zone) == [
        ("master_plan", 1, "2016-06-01", "done"),
        ("acceptance", 1, "2019-05-01", "open"),
        ("evaluation", 3, "2024-06-01", "done"),
        ("self_assessment", 2026, "2027-01-31", "open"),
        ("evaluation", 4, "2027-05-20", "open"),
    ]
    # Evaluated 2023-04-01 (cycle 1): the next is due 2026-04-01, after the
    # import day, although the schedule's cycle 2 (2026-03-01) is before it
    # and would never have been created; cycle 3 follows from the schedule.
    assert obligations_of(institute) == [
        ("evaluation", 1, "2023-03-01", "done"),
        ("evaluation", 2, "2026-04-01", "open"),
        ("self_assessment", 2026, "2027-01-31", "open"),
        ("evaluation", 3, "2029-03-01", "open"),
    ]
    # No plan on record: owed since 2022-09-01; the next evaluation by the
    # schedule.
    assert obligations_of(late) == [
        ("master_plan", 1, "2022-09-01", "open"),
        ("self_assessment", 2026, "2027-01-31", "open"),
        ("evaluation", 2, "2027-09-01", "open"),
    ]
    done = Obligation.objects.get(unit=zone, kind="evaluation", period=3)
    assert done.done_at.date() == datetime.date(2024, 5, 20)
    assert done.note == "导入：已于 2024-05-20 评估"


def test_the_daily_job_treats_imported_units_like_any_other(reviewer):
    run(csv_bytes(*OBLIGATION_ROWS), reviewer)
    institute = ProtectedUnit.objects.get(organisation__uscc=INSTITUTE)
    late = ProtectedUnit.objects.get(organisation__uscc=LATE_ZONE)
    member = UserFactory(roles=[Role.APPLICANT])
    institute.organisation.members.add(member)
    # The import created everything due; the job reminds of the evaluation
    # due on 2026-04-01 (22 days away: the 30-day reminder) and escalates
    # the plan owed since 2022.
    result = obligations_run(day=IMPORT_DAY)
    assert (result.created, result.reminders, result.overdue) == (0, 1, 1)
    assert InboxMessage.objects.filter(recipient=member, event="obligation.remind").count() == 1
    digest = InboxMessage.objects.get(recipient=reviewer, event="obligation.overdue_digest")
    assert late.name in digest.body
    plan = Obligation.objects.get(unit=late, kind="master_plan")
    assert plan.overdue_since == IMPORT_DAY
    # Run again: nothing new. Next year: the 2027 self-assessments.
    assert obligations_run(day=IMPORT_DAY).as_dict() == {"created": 0, "reminders": 0, "overdue": 0}
    assert obligations_generate(day=datetime.date(2027, 2, 1)) == 3
    assert Obligation.objects.filter(kind="self_assessment", period=2027).count() == 3
    # Past its due date the imported next evaluation escalates like any other.
    obligations_run(day=datetime.date(2026, 4, 2))
    evaluation = Obligation.objects.get(unit=institute, kind="evaluation", period=2)
    assert evaluation.overdue_since == datetime.date(2026, 4, 2)


def test_imported_units_are_in_the_public_directory(reviewer, site_tree, client):
    run(csv_bytes(*GOOD_ROWS), reviewer)
    assert "浮梁县陶瓷文化生态保护实验区" in client.get("/directory/").content.decode()
    page = client.get("/directory/2020-JD-001/").content.decode()
    assert "湖田青白瓷研究所（研究基地）" in page
    assert 'data-unit-status="designated_base"' in page


# The admin screens.


def upload(client, data: bytes, name="units.csv", all_or_nothing=True):
    form = {"file": SimpleUploadedFile(name, data, content_type="text/csv")}
    if all_or_nothing:
        form["all_or_nothing"] = "on"
    return client.post("/admin/unit-import/", form)


def token_of(html: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "no confirm form"
    return match.group(1)


def test_the_screens_refuse_anyone_but_bureau_staff(client, reviewer):
    expert = UserFactory(roles=[Role.EXPERT])  # may enter the admin, not import
    client.force_login(expert)
    assert "/admin/unit-import/" not in client.get("/admin/").content.decode()  # no menu item
    assert client.get("/admin/unit-import/").status_code == 403
    assert client.get("/admin/unit-import/template.csv").status_code == 403
    assert upload(client, csv_bytes(*GOOD_ROWS)).status_code == 403
    assert client.post("/admin/unit-import/confirm/", {"token": "x"}).status_code == 403
    record = run(csv_bytes(*GOOD_ROWS), reviewer, dry_run=True)
    assert client.get(f"/admin/unit-import/{record.pk}/").status_code == 403
    applicant = UserFactory(roles=[Role.APPLICANT])
    client.force_login(applicant)
    assert client.get("/admin/unit-import/").status_code in (302, 403)
    assert upload(client, csv_bytes(*GOOD_ROWS)).status_code in (302, 403)
    assert UnitImport.objects.count() == 1
    assert not ProtectedUnit.objects.exists()


def test_upload_preview_confirm_and_result(client, reviewer):
    client.force_login(reviewer)
    assert "/admin/unit-import/" in client.get("/admin/").content.decode()  # the menu item
    page = client.get("/admin/unit-import/").content.decode()
    assert "导入已设立单位" in page and "/admin/unit-import/template.csv" in page
    template = client.get("/admin/unit-import/template.csv")
    assert template["Content-Type"].startswith("text/csv")
    assert template.content.decode("utf-8") == "\ufeff" + HEADER + ",验收通过日期\r\n"

    preview = upload(client, csv_bytes(*GOOD_ROWS, BAD_ROW), all_or_nothing=False)
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "第 4 行：“景德镇县”不在实验区范围内" in html
    assert "浮梁县陶瓷文化生态保护实验区" in html and "2024-05-20" in html
    assert not ProtectedUnit.objects.exists()
    token = token_of(html)

    # Another reviewer cannot confirm someone else's preview.
    other = client.__class__()
    other.force_login(UserFactory(roles=[Role.MUNICIPAL_REVIEWER]))
    assert other.post("/admin/unit-import/confirm/", {"token": token}).status_code == 403
    # A token that was tampered with is refused.
    response = client.post("/admin/unit-import/confirm/", {"token": token[:-2] + "xx"})
    assert response.status_code == 302 and not ProtectedUnit.objects.exists()

    response = client.post("/admin/unit-import/confirm/", {"token": token})
    record = UnitImport.objects.get(dry_run=False)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/unit-import/{record.pk}/"
    assert record.created == 2 and not record.all_or_nothing
    assert ProtectedUnit.objects.filter(imported=True).count() == 2
    result = client.get(response["Location"]).content.decode()
    assert "2015-SYQ-001" in result and "2020-JD-001" in result
    assert "第 4 行：" in result
    # The kept file is gone: confirming twice imports nothing more.
    again = client.post("/admin/unit-import/confirm/", {"token": token})
    assert again.status_code == 302 and again["Location"] == "/admin/unit-import/"
    assert ProtectedUnit.objects.count() == 2


def test_a_file_with_errors_under_all_or_nothing_offers_no_confirmation(client, reviewer):
    client.force_login(reviewer)
    html = upload(client, csv_bytes(*GOOD_ROWS, BAD_ROW)).content.decode()
    assert 'name="token"' not in html
    assert "此文件没有可导入的内容" in html
    assert "第 4 行：" in html


def test_the_upload_form_refuses_other_files(client, reviewer):
    client.force_login(reviewer)
    response = upload(client, b"%PDF-1.4", name="units.pdf")
    assert response.status_code == 400
    assert "请选择 .csv 或 .xlsx 文件。" in response.content.decode()
    assert not UnitImport.objects.exists()


ACCEPTED_ZONE = uscc("12360203MB2222222")


def test_a_reserve_that_passed_acceptance_imports_as_a_protection_zone(reviewer):
    rows = [
        HEADER + ",验收通过日期",
        f"珠山区陶瓷文化生态保护实验区,文化生态保护区,,珠山区,2014-01-10,2014-12-01,,"
        f"{ACCEPTED_ZONE},",
        # The acceptance date alone says so too.
        f"浮梁县陶瓷文化生态保护实验区,实验区,,浮梁县,2015-06-01,2016-05-01,,{ZONE},2020-06-01",
    ]
    record = run("\r\n".join(rows).encode(), reviewer)
    assert record.created == 2, record.errors
    accepted, dated = (
        ProtectedUnit.objects.get(organisation__uscc=code) for code in (ACCEPTED_ZONE, ZONE)
    )
    assert accepted.status == dated.status == "protection_zone"
    assert accepted.name == "珠山区陶瓷文化生态保护区"
    assert dated.name == "浮梁县陶瓷文化生态保护区"
    # Acceptance is done, not open again; the plans are done too.
    assert Obligation.objects.get(unit=dated, kind="acceptance").status == "done"
    assert Obligation.objects.get(unit=accepted, kind="acceptance").status == "done"
    assert not Obligation.objects.filter(
        unit__in=[accepted, dated], kind="master_plan", status="open"
    ).exists()


def test_a_plan_filed_before_the_portal_is_recorded_and_opens_acceptance(reviewer):
    run(csv_bytes(GOOD_ROWS[0]), reviewer)
    zone = ProtectedUnit.objects.get(organisation__uscc=ZONE)
    assert zone.status == "experimental_zone"
    plan = zone.plans.get()
    assert (plan.status, plan.filed_on, plan.starts_on) == (
        "filed",
        datetime.date(2016, 5, 1),
        datetime.date(2016, 5, 1),
    )
    assert not plan.document and plan.obligation.kind == "master_plan"
    acceptance = Obligation.objects.get(unit=zone, kind="acceptance")
    assert (acceptance.status, acceptance.due_date) == ("open", datetime.date(2019, 5, 1))
    # An opening, not a deadline: the daily job does not escalate it.
    obligations_run(day=IMPORT_DAY)
    acceptance.refresh_from_db()
    assert acceptance.overdue_since is None


def test_an_open_acceptance_is_not_overdue_on_the_timeline_or_dashboard(reviewer):
    from evaluations.selectors import unit_timeline
    from evaluations.selectors.dashboard import obligations_overdue

    run(csv_bytes(GOOD_ROWS[0]), reviewer)
    zone = ProtectedUnit.objects.get(organisation__uscc=ZONE)
    entries = unit_timeline(unit=zone, today=IMPORT_DAY)
    acceptance = next(
        e for e in entries["current"] + entries["next"] if e["obligation"].kind == "acceptance"
    )
    assert acceptance["overdue"] is False
    rows = obligations_overdue(today=IMPORT_DAY).rows
    assert not [o for o in rows if o.kind == "acceptance"]
