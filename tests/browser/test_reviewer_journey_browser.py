"""The municipal reviewer's whole way, by clicking alone (tests/browser/journey.py):
from /admin/'s sign-in form to the queue (申报审核), a supplement request,
the field inspection and the hearing of opinions, two experts assigned,
the expert review closed, a candidate list made and published for
publicity (each step that cannot be undone confirmed on its own page) and —
the test moving time and the experts' and applicant's hands by services —
the approval recorded and the unit found in the public directory."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
PASSWORD = "Jdz-test-2026"  # UserFactory's
REVIEWER = "journey-municipal-reviewer"
ORGANISATION = "浮梁瑶里窑火瓷业有限公司"
LIST_TITLE = "2026年第三批保护基地备选名单"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MONDAY = datetime.datetime(2026, 12, 7, 9, tzinfo=SHANGHAI)
QUEUE = '#wagtail-sidebar a[href="/admin/applications_review/"]'
SLOTS = ("application_form", "licence", "site_proof", "staff_list")


@pytest.fixture
def site(committed_db, measure_2020):
    from cms.services import site_tree_ensure

    site_tree_ensure()


def _seed():
    """A submitted production base with its materials, its applicant, the
    reviewer and two experts."""
    from applications.roles import Role
    from applications.selectors import rules_on
    from tests.factories import (
        ApplicationFactory,
        MaterialFactory,
        OrganisationFactory,
        UserFactory,
    )

    rules = rules_on(day=MONDAY.date())
    applicant = UserFactory(username="yaoli-kiln", roles=[Role.APPLICANT])
    organisation = OrganisationFactory(name=ORGANISATION, contact_email="yaoli@example.invalid")
    organisation.members.add(applicant)
    application = ApplicationFactory(
        submitted=True,
        category="production",
        organisation=organisation,
        created_by=applicant,
        number=1,
        year=2026,
        with_craft=True,
        submitted_at=MONDAY - datetime.timedelta(days=3),
        site_area_m2=rules.min_site_area_m2 * 2,
        staff_count=rules.min_staff * 2,
    )
    for slot in SLOTS:
        MaterialFactory(application=application, slot=slot, uploaded_by=applicant)
    UserFactory(username=REVIEWER, roles=[Role.MUNICIPAL_REVIEWER])
    experts = [
        UserFactory(username="expert-zhao", first_name="赵专家", roles=[Role.EXPERT]),
        UserFactory(username="expert-qian", first_name="钱专家", roles=[Role.EXPERT]),
    ]
    return applicant, application, experts


def _sign_in(journey: Journey) -> None:
    page = journey.page
    page.locator("#id_username").fill(REVIEWER)
    page.locator("#id_password").fill(PASSWORD)
    journey.click(page.locator("form button[type=submit]"), "sign in")


def _status(journey: Journey):
    return journey.page.locator("dd[data-status]")


def _act(journey: Journey, action: str, *, confirm: bool = False) -> None:
    """Takes one action of the review page (and confirms it when it cannot
    be undone)."""
    page = journey.page
    journey.click(page.locator(f'form[data-action="{action}"] button[type=submit]'), action)
    if confirm:
        expect(page.locator("[data-consequence]")).to_be_visible()
        journey.click(page.locator("form[data-confirm] button[type=submit]"), f"confirm {action}")
    expect(page.locator(".messages .error")).to_have_count(0)


def _open_queue_row(journey: Journey) -> None:
    page = journey.page
    journey.click(page.locator(QUEUE), "申报审核")
    journey.click(page.locator("table.listing td a").filter(has_text=ORGANISATION), "the row")


def test_a_municipal_reviewer_from_the_queue_to_the_directory(site, live_server, page, settings):
    from django.core.cache import cache

    from applications.models import CandidateList, ExpertAssignment
    from applications.selectors import criteria_for
    from applications.services.experts import expert_declare, expert_scores_submit
    from applications.services.publicity import publicity_close
    from applications.services.review import supplement_answer
    from applications.workflow import State

    assert settings.STAFF_TWO_FACTOR_REQUIRED is False
    cache.clear()
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    journey = Journey(page, live_server.url, "municipal-reviewer")

    with time_machine.travel(MONDAY, tick=True):
        applicant, application, experts = _seed()

        # 1. The admin's sign-in form, then the queue with its count.
        journey.start("/admin/")
        _sign_in(journey)
        menu = page.locator(QUEUE)
        expect(menu).to_contain_text("1")
        _open_queue_row(journey)
        expect(_status(journey)).to_have_attribute("data-status", State.SUBMITTED)

        # 2. Material review and a supplement request.
        _act(journey, "start_review")
        expect(_status(journey)).to_have_attribute("data-status", State.MATERIAL_REVIEW)
        request = page.locator('form[data-action="request_supplement"]')
        request.locator('input[name="slots"][value="site_proof"]').check()
        request.locator('input[name="note-site_proof"]').fill("租赁合同缺少盖章页")
        request.locator("textarea[name=reason]").fill("请补充加盖公章的租赁合同。")
        _act(journey, "request_supplement")
        expect(_status(journey)).to_have_attribute("data-status", State.SUPPLEMENT_REQUESTED)

        # The applicant answers (its journey is another test).
        supplement_answer(application=application, user=applicant)
        _open_queue_row(journey)
        expect(_status(journey)).to_have_attribute("data-status", State.MATERIAL_REVIEW)

        # 3. The materials accepted — confirmed, since it cannot be undone.
        _act(journey, "accept_materials", confirm=True)
        expect(_status(journey)).to_have_attribute("data-status", State.FIELD_INSPECTION)

        # 4. The field inspection recorded, then its stage closed.
        inspection = page.locator('form[data-action="inspection_record"]')
        inspection.locator("input[name=date]").fill("2026-12-07")
        inspection.locator("input[name=inspectors]").fill("王科长、李干事")
        inspection.locator("textarea[name=findings]").fill("窑房、坯房与申报材料一致。")
        _act(journey, "inspection_record")
        expect(page.locator("#review-records").locator("xpath=..")).to_contain_text("窑房")
        _act(journey, "record_inspection", confirm=True)
        expect(_status(journey)).to_have_attribute("data-status", State.HEARING)

        # 5. The hearing of opinions.
        hearing = page.locator('form[data-action="hearing_record"]')
        hearing.locator("input[name=date]").fill("2026-12-08")
        hearing.locator("input[name=heard]").fill("村民代表、代表性传承人")
        hearing.locator("textarea[name=summary]").fill("普遍支持建设保护基地。")
        _act(journey, "hearing_record")
        _act(journey, "record_hearing", confirm=True)
        expect(_status(journey)).to_have_attribute("data-status", State.EXPERT_REVIEW)

        # 6. Two experts assigned; they score (their journey is another test).
        for expert in experts:
            page.locator('form[data-action="expert_assign"] select[name=expert]').select_option(
                str(expert.pk)
            )
            _act(journey, "expert_assign")
        for expert in experts:
            assignment = ExpertAssignment.objects.get(application=application, expert=expert)
            expert_declare(assignment=assignment, user=expert, conflict=False)
            expert_scores_submit(
                assignment=assignment,
                user=expert,
                scores={c.pk: Decimal(c.max_score) for c in criteria_for(application)},
                opinion="核心技艺传承有序，同意列入。",
            )
        _open_queue_row(journey)
        expect(page.locator("table[data-panel] tbody tr")).to_have_count(2)
        _act(journey, "close_expert_review", confirm=True)
        expect(_status(journey)).to_have_attribute("data-status", State.REVIEWED)

        # 7. The candidate list, made in the admin and published.
        journey.click(
            page.locator('#wagtail-sidebar a[href="/admin/candidate_lists/"]'), "备选名单"
        )
        journey.click(page.locator('a[href="/admin/candidate_lists/new/"]'), "add a list")
        page.locator("#id_title").fill(LIST_TITLE)
        page.locator("#id_kind").select_option("base")
        page.locator("#id_decision").fill("局务会议研究确定")
        page.locator(f'input[name="applications"][value="{application.pk}"]').check()
        journey.click(
            page.locator("form#w-editor-form footer .actions--primary button[type=submit]"),
            "save the list",
        )
        journey.click(page.locator("table.listing a").filter(has_text=LIST_TITLE), "the list")
        journey.click(page.get_by_role("link", name="发布公示"), "publish for publicity")
        page.locator("#id_document_number").fill("景文旅字〔2026〕99号")
        journey.click(page.locator("main form button[type=submit]"), "publish")
        expect(page.locator("[data-consequence]")).to_be_visible()
        journey.click(page.locator("form[data-confirm] button[type=submit]"), "confirm publish")
        expect(page.locator("[data-publicity-state]")).to_have_attribute(
            "data-publicity-state", "open"
        )
        candidates = CandidateList.objects.get(title=LIST_TITLE)

    # 8. After the window (the test moves time; the system closes it), the
    # approval is recorded and the unit is in the public directory.
    end = candidates.period.end_date
    later = datetime.datetime(end.year, end.month, end.day, 10, tzinfo=SHANGHAI)
    later += datetime.timedelta(days=3)
    with time_machine.travel(later, tick=True):
        publicity_close(candidate_list_id=candidates.pk)
        journey.click(page.locator('#wagtail-sidebar a[href="/admin/candidate_lists/"]'), "lists")
        if page.locator("#id_username").count():  # the session has expired
            _sign_in(journey)
        journey.click(page.locator("table.listing a").filter(has_text=LIST_TITLE), "the list")
        journey.click(page.get_by_role("link", name="录入市人民政府批复"), "record the approval")
        page.locator("#id_document_number").fill("景府字〔2027〕5号")
        page.locator("#id_approved_on").fill(later.date().isoformat())
        page.locator("#id_scan").set_input_files(
            {"name": "市政府批复.pdf", "mimeType": "application/pdf", "buffer": PDF}
        )
        page.locator(f'input[name="applications"][value="{application.pk}"]').check()
        page.locator("#id_confirmed").check()
        journey.click(page.locator("main form button[type=submit]"), "record the approval")
        expect(page.locator("#approvals").locator("..")).to_contain_text("景府字〔2027〕5号")
        application.refresh_from_db()
        assert application.status == State.ESTABLISHED

        journey.click(page.locator("a[data-public-page]"), "the public page")
        journey.click(page.get_by_role("link", name="保护区和保护基地名录").first, "directory")
        expect(page.locator("main")).to_contain_text(ORGANISATION)
    assert len(journey.steps) > 20
