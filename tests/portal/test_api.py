"""The open data API under /api/v1/: what it answers, how it pages, its
schema, its cache headers and rate limit, and that no private value in the
database ever comes out of any of its endpoints."""

import datetime
import json
import re
from zoneinfo import ZoneInfo

import hypothesis
import pytest
import schemathesis
import time_machine
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import portal.api.base
from applications.models import County, Objection, Organisation, Township
from applications.services.publicity import publicity_close
from cms.models import PublicityPage
from evaluations.models import ProtectedUnit, PublicComment, SelfAssessment
from portal.api import api
from tests.factories import NoticePageFactory, OrganisationFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The applications tests' fixture: reviewed candidates put on a list and
# published on a given day.

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2025, 9, 23, 10, 0, tzinfo=SHANGHAI)  # a Tuesday


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=SHANGHAI)


def get(client, path: str, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


@pytest.fixture
def world(site_tree, publicise):
    """Units, three publicity lists (closed, open, pending) with objections,
    notices and a public comment, every private field holding a value that
    cannot occur by chance. Returns a dict of what was made; the clock
    stands at NOW for the test."""
    # Closed: published 2024-03-04, objected to, closed after its window.
    with time_machine.travel(at(datetime.date(2024, 3, 4)), tick=False):
        closed, closed_page, _reviewer = publicise(datetime.date(2024, 3, 4))
        first = closed.applications.order_by("receipt_number").first()
        Objection.objects.create(
            candidate_list=closed,
            application=first,
            receipt_code="YYCLOSED0001",
            objector_name="异议人王秘密甲先生",
            phone="13912345678",
            email="objector-closed-secret@example.invalid",
            grounds="场地面积与申报材料不符，请予核查（私密理由甲）。",
        )
    publicity_close(candidate_list_id=closed.pk, now=at(datetime.date(2024, 5, 1)))
    closed.refresh_from_db()
    # Open: published on the Monday before NOW.
    with time_machine.travel(at(datetime.date(2025, 9, 22)), tick=False):
        open_list, open_page, _reviewer = publicise(datetime.date(2025, 9, 22))
        Objection.objects.create(
            candidate_list=open_list,
            application=open_list.applications.first(),
            receipt_code="YYOPEN000001",
            objector_name="异议人李秘密乙女士",
            phone="13812345679",
            email="objector-open-secret@example.invalid",
            grounds="传承人名单与实际不符，请予核查（私密理由乙）。",
        )
        # Pending: to be published in January.
        _pending, pending_page, _reviewer = publicise(datetime.date(2026, 1, 5), n=1)

    fuliang = County.objects.get(name="浮梁县")
    yaoli = Township.objects.get(county=fuliang, name="瑶里镇")
    base = UnitFactory(
        code="2024-JD-001",
        name="瑶里古窑青花保护基地",
        organisation=OrganisationFactory(uscc="91360222MA35L0A74U", name="瑶里古窑研究会"),
        established_on=datetime.date(2024, 6, 1),
        ich_projects=[{"name": "景德镇手工制瓷技艺", "level": "国家级"}],
        application=first,
    )
    base.townships.add(yaoli)
    leping = County.objects.get(name="乐平市")
    reserve = UnitFactory(
        code="2023-BH-001",
        name="乐平古戏台保护区",
        kind="reserve",
        category="",
        status="experimental_zone",
        organisation=OrganisationFactory(
            uscc="123602004910000006", name="乐平市文化馆", county=leping
        ),
        county=leping,
        established_on=datetime.date(2023, 12, 1),
    )
    delisted = UnitFactory(
        code="2022-JD-009",
        name="湖田窑址传承基地",
        category="transmission",
        status="delisted",
        established_on=datetime.date(2022, 1, 10),
        delisted_on=datetime.date(2025, 1, 10),
    )
    notices = [
        NoticePageFactory(
            parent=site_tree.notice_index,
            title="关于开展2025年度保护基地申报工作的通知",
            document_number="景文旅字〔2025〕12号",
            issuing_body="景德镇市文化广电新闻出版旅游局",
            date=datetime.date(2025, 3, 1),
            body="<p>各县（市、区）文旅局：现将<b>申报</b>工作通知如下。</p>",
        ),
        NoticePageFactory(
            parent=site_tree.notice_index,
            title="关于公布保护基地名单的通知",
            date=datetime.date(2025, 6, 1),
        ),
    ]
    assessment = SelfAssessment.objects.create(
        unit=base, year=2024, summary="年度自评摘要", created_by=get_user_model().objects.first()
    )
    PublicComment.objects.create(
        assessment=assessment,
        receipt_code="PLCOMMENT001",
        name="评论人赵秘密丙先生",
        phone="13712345670",
        email="commenter-secret@example.invalid",
        text="建议加强古窑址保护（私密评论丙）。",
    )
    # Every organisation's contact fields: values no public text holds.
    for organisation in Organisation.objects.all():
        Organisation.objects.filter(pk=organisation.pk).update(
            contact_name=f"联系人秘密第{organisation.pk}号甲",
            contact_phone=f"0798-555{organisation.pk:04d}",
            contact_email=f"contact-secret-{organisation.pk}@example.invalid",
            address=f"私密地址第{organisation.pk}号院",
        )
    with time_machine.travel(NOW, tick=False):
        yield {
            "closed": closed,
            "closed_page": closed_page,
            "open_page": open_page,
            "pending_page": pending_page,
            "base": base,
            "reserve": reserve,
            "delisted": delisted,
            "notices": notices,
        }


def test_units_lists_the_directory_with_public_facts(client, world):
    data = get(client, "/api/v1/units")
    assert data["count"] == 3
    assert [u["code"] for u in data["items"]] == ["2024-JD-001", "2023-BH-001", "2022-JD-009"]
    assert data["items"][0] == {
        "code": "2024-JD-001",
        "name": "瑶里古窑青花保护基地",
        "organisation": "瑶里古窑研究会",
        "kind": "base",
        "kind_label": "保护基地",
        "category": "production",
        "category_label": "生产性保护示范基地",
        "status": "designated_base",
        "status_label": world["base"].get_status_display(),
        "county": "浮梁县",
        "counties": ["浮梁县"],
        "townships": ["瑶里镇"],
        "established_on": "2024-06-01",
        "delisted_on": None,
        "ich_projects": ["景德镇手工制瓷技艺"],
        "url": "http://testserver/directory/2024-JD-001/",
        "verification_url": (f"http://testserver/verify/{world['base'].verification_code}/"),
    }
    # The URL is the unit's page in the directory.
    assert client.get("/directory/2024-JD-001/").status_code == 200
    delisted = data["items"][2]
    assert (delisted["status"], delisted["delisted_on"]) == ("delisted", "2025-01-10")


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"kind": "reserve"}, ["2023-BH-001"]),
        ({"kind": "base"}, ["2024-JD-001", "2022-JD-009"]),
        ({"category": "transmission"}, ["2022-JD-009"]),
        ({"county": "乐平市"}, ["2023-BH-001"]),
        ({"county": "360222"}, ["2024-JD-001", "2022-JD-009"]),
        ({"status": "delisted"}, ["2022-JD-009"]),
        ({"kind": "base", "county": "浮梁县", "status": "designated_base"}, ["2024-JD-001"]),
        ({"county": "不存在县"}, []),
    ],
)
def test_units_filter_by_kind_category_county_and_status(client, world, params, codes):
    data = get(client, "/api/v1/units", **params)
    assert [u["code"] for u in data["items"]] == codes
    assert data["count"] == len(codes)


def test_an_unknown_filter_value_is_refused(client, world):
    response = client.get("/api/v1/units", {"kind": "museum"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "kind"]


def test_a_unit_of_several_counties_lists_them_all_the_lead_first(client, world):
    from applications.models import County

    reserve = world["reserve"]
    reserve.counties.add(County.objects.get(name="浮梁县"), County.objects.get(name="乐平市"))
    unit = get(client, "/api/v1/units/2023-BH-001")
    assert (unit["county"], unit["counties"]) == ("乐平市", ["乐平市", "浮梁县"])


def test_the_verification_url_verifies_the_unit(client, world):
    unit = get(client, "/api/v1/units/2023-BH-001")
    page = client.get(unit["verification_url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    assert 'data-verify-result="' in page.content.decode()
    assert "乐平古戏台保护区" in page.content.decode()


def test_one_unit_by_its_code_and_a_missing_one(client, world):
    unit = get(client, "/api/v1/units/2023-BH-001")
    assert unit["name"] == "乐平古戏台保护区"
    assert (unit["kind"], unit["category"], unit["category_label"]) == ("reserve", "", "")
    response = client.get("/api/v1/units/2099-JD-999")
    assert response.status_code == 404
    assert response.json() == {"detail": "没有证书编号为 2099-JD-999 的已设立单位。"}
    assert "no-store" in response["Cache-Control"]


def test_publicity_lists_every_published_list_with_its_state_now(client, world):
    data = get(client, "/api/v1/publicity")
    assert data["count"] == 3
    by_id = {item["id"]: item for item in data["items"]}
    assert [item["id"] for item in data["items"]] == [
        world["pending_page"].pk,
        world["open_page"].pk,
        world["closed_page"].pk,
    ]

    open_list = by_id[world["open_page"].pk]
    assert open_list["title"] == "2025年第一批保护基地备选名单公示"
    assert open_list["url"] == f"http://testserver{world['open_page'].url}"
    assert open_list["document_number"] == "景文旅字〔2025〕88号"
    assert open_list["published_on"] == "2025-09-22"
    assert open_list["window"] == {
        "start": "2025-09-22",
        "end": "2025-10-23",
        "provisional": False,
        "working_days": 20,
        "opens_at": "2025-09-22T00:00:00+08:00",
        "closes_at": "2025-10-24T00:00:00+08:00",
    }
    assert open_list["state"] == "open"
    # Tuesday: the Monday is gone, 19 of the 20 working days are left.
    assert open_list["working_days_left"] == 19
    # While the window is open, how many have objected is not told.
    assert open_list["objections"] is None
    assert [c["name"] for c in open_list["candidates"]] == [
        "瑶里古窑瓷业有限公司",
        "湖田青白瓷研究所",
    ]
    candidate = open_list["candidates"][0]
    assert candidate == {
        "name": "瑶里古窑瓷业有限公司",
        "category": "生产性保护示范基地",
        "county": "浮梁县",
        "townships": [],
        "ich_projects": ["景德镇手工制瓷技艺"],
        "outcome": None,
        "outcome_label": None,
        "unit_code": None,
        "unit_url": None,
    }

    closed = by_id[world["closed_page"].pk]
    assert closed["state"] == "closed" and closed["working_days_left"] is None
    assert closed["objections"] == 1
    established = closed["candidates"][0]
    assert established["outcome"] == "candidate"
    assert established["outcome_label"]
    assert established["unit_code"] == "2024-JD-001"
    assert established["unit_url"] == "http://testserver/directory/2024-JD-001/"

    pending = by_id[world["pending_page"].pk]
    assert pending["state"] == "pending" and pending["window"]["start"] == "2026-01-05"
    assert pending["working_days_left"] is None and pending["objections"] is None


def test_one_publicity_list_by_id_and_a_missing_one(client, world):
    page = world["closed_page"]
    data = get(client, f"/api/v1/publicity/{page.pk}")
    assert data["id"] == page.pk and data["state"] == "closed"
    assert client.get("/api/v1/publicity/999999").status_code == 404
    # Beyond a page id's 32 bits: refused, not a database error (found by
    # schemathesis).
    assert client.get("/api/v1/publicity/99999999999999999999").status_code == 422
    # A notice is not a publicity list.
    assert client.get(f"/api/v1/publicity/{world['notices'][0].pk}").status_code == 404


def test_an_unpublished_list_leaves_the_api(client, world):
    world["pending_page"].unpublish()
    assert get(client, "/api/v1/publicity")["count"] == 2
    assert client.get(f"/api/v1/publicity/{world['pending_page'].pk}").status_code == 404


def test_notices_newest_first_as_plain_text(client, world, site_tree):
    draft = NoticePageFactory.build(title="草稿通知", live=False)
    site_tree.notice_index.add_child(instance=draft)
    data = get(client, "/api/v1/notices")
    assert data["count"] == 2
    newest, older = data["items"]
    assert newest["title"] == "关于公布保护基地名单的通知"
    notice = world["notices"][0]
    assert older == {
        "id": notice.pk,
        "title": "关于开展2025年度保护基地申报工作的通知",
        "date": "2025-03-01",
        "document_number": "景文旅字〔2025〕12号",
        "issuing_body": "景德镇市文化广电新闻出版旅游局",
        "url": f"http://testserver{notice.url}",
        "text": "各县（市、区）文旅局：现将申报工作通知如下。",
    }


def test_lists_are_paginated_with_a_count_and_a_maximum(client, site_tree):
    for n in range(25):
        NoticePageFactory(
            parent=site_tree.notice_index,
            title=f"通知{n:02d}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        )
    first = get(client, "/api/v1/notices")
    assert (first["count"], first["limit"], first["offset"]) == (25, 20, 0)
    assert len(first["items"]) == 20 and first["items"][0]["title"] == "通知24"
    last = get(client, "/api/v1/notices", limit=10, offset=20)
    assert [n["title"] for n in last["items"]] == ["通知04", "通知03", "通知02", "通知01", "通知00"]
    assert last["count"] == 25
    assert get(client, "/api/v1/notices", offset=30)["items"] == []
    assert len(get(client, "/api/v1/notices", limit=100)["items"]) == 25
    # (An offset past a million would overflow the database: found by
    # schemathesis.)
    for bad in ({"limit": 101}, {"limit": 0}, {"offset": -1}, {"limit": "x"}, {"offset": 10**20}):
        assert client.get("/api/v1/notices", bad).status_code == 422, bad


def test_answers_may_be_cached_for_five_minutes_and_carry_an_etag(client, world):
    response = client.get("/api/v1/units")
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    again = client.get("/api/v1/units", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # Another answer, another tag.
    assert client.get("/api/v1/units", {"kind": "reserve"})["ETag"] != etag


def test_each_address_is_rate_limited_with_a_json_429(client, db, monkeypatch, settings):
    monkeypatch.setattr(portal.api.base, "RATE_LIMIT", 3)
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(3):
        assert client.get("/api/v1/notices", REMOTE_ADDR="198.51.100.7").status_code == 200
    refused = client.get("/api/v1/notices", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    assert refused.json() == {"detail": "您所在地址的请求过多（每小时最多 3 次），请稍后再试。"}
    assert "no-store" in refused["Cache-Control"]
    # Behind the (trusted) proxy, the client's own address counts.
    assert client.get("/api/v1/notices", REMOTE_ADDR="198.51.100.8").status_code == 200
    assert (
        client.get(
            "/api/v1/notices", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
        ).status_code
        == 200
    )


def test_the_schema_is_openapi_json_listing_the_endpoints(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"
    paths = schema["paths"]
    assert {
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/publicity",
        "/api/v1/publicity/{id}",
        "/api/v1/notices",
    } == set(paths)
    for path, operations in paths.items():
        assert set(operations) == {"get"}, path
        assert "200" in operations["get"]["responses"], path
    units = {p["name"]: p for p in paths["/api/v1/units"]["get"]["parameters"]}
    assert set(units) == {"kind", "category", "county", "status", "limit", "offset"}
    assert units["limit"]["schema"]["maximum"] == 100
    unit_schema = schema["components"]["schemas"]["UnitOut"]["properties"]
    assert not {"contact_name", "contact_phone", "contact_email", "address", "uscc"} & set(
        unit_schema
    )
    # The documentation page, with Swagger UI from the portal's own files.
    docs = client.get("/api/v1/docs").content.decode()
    assert "/api/v1/openapi.json" in docs and "/static/ninja/swagger-ui-bundle.js" in docs
    assert "cdn" not in docs.lower()


def _private_values() -> set[str]:
    """Every private value in the database: objectors' and commenters'
    identities and words, organisations' contacts, addresses and codes,
    users' emails."""
    values: set[str] = set()
    for organisation in Organisation.objects.all():
        values |= {
            organisation.contact_name,
            organisation.contact_phone,
            organisation.contact_email,
            organisation.address,
            organisation.uscc,
        }
    for objection in Objection.objects.all():
        values |= {
            objection.objector_name,
            objection.phone,
            objection.email,
            objection.grounds,
            objection.receipt_code,
        }
    for comment in PublicComment.objects.all():
        values |= {comment.name, comment.phone, comment.email, comment.text, comment.receipt_code}
    values |= set(get_user_model().objects.values_list("email", flat=True))
    values.discard("")
    return values


def _example(parameter: str) -> list[str]:
    if parameter == "code":
        return list(ProtectedUnit.objects.values_list("code", flat=True))
    if parameter == "id":
        return [str(pk) for pk in PublicityPage.objects.values_list("pk", flat=True)]
    raise AssertionError(f"no real values for the path parameter {parameter}")


def test_no_endpoint_ever_shows_a_private_value(client, world):
    private = _private_values()
    # A value this long and odd cannot turn up by chance.
    assert len(private) >= 20 and min(len(v) for v in private) >= 8
    assert Objection.objects.count() == 2 and PublicComment.objects.count() == 1

    urls = ["/api/v1/openapi.json", "/api/v1/docs"]
    paths = api.get_openapi_schema()["paths"]
    for path in paths:
        names = re.findall(r"{(\w+)}", path)
        if not names:
            urls.append(f"{path}?limit=100")
            continue
        (name,) = names
        values = _example(name)
        assert values, path
        urls += [path.replace(f"{{{name}}}", value) for value in values]
    assert len(paths) == 5 and len(urls) >= 2 + 3 + 3 + 3

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts = [response.content.decode()]
        if response["Content-Type"].startswith("application/json"):
            # However the JSON escapes its text, the values themselves.
            texts.append(json.dumps(response.json(), ensure_ascii=False))
        for text in texts:
            leaked = sorted(value for value in private if value in text)
            assert leaked == [], f"{url} shows {leaked}"


# Schemathesis: requests generated from the schema, answers checked against
# it (status codes, content types, response schemas, no server errors).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())


@pytest.fixture
def wsgi_app():
    """Django as a WSGI app on the test's database connection: like the
    test client, it must not close the connection after each request."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@hypothesis.settings(
    max_examples=30,
    deadline=None,
    # The same examples on every run (no flaky CI), nothing written to disk.
    derandomize=True,
    database=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
def test_the_api_answers_as_its_schema_says(case, world, wsgi_app):
    case.call_and_validate(app=wsgi_app)
