"""An expert's journey by clicking alone: invited to score an application
in expert review, the expert starts at /admin/, signs in on the form,
opens 我的评审任务 and the assignment, sees nothing of the file before
declaring no conflict, then reads the whole file — the narratives beside
the criteria, the inheritors, the materials by name with their previews —
scores each criterion and submits."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser
PASSWORD = "Jdz-test-2026"
RECEIPT = "JDZ-JD-2025-0001"
NARRATIVE = {
    "authenticity": "龙珠阁窑口自明代传承至今，坯、釉、烧三道工序保存完整。",
    "inheritors": "国家级传承人一名，带徒八人。",
    "safeguarding": "已整理口述史三十小时。",
    "participation": "每年举办开窑节。",
    "benefits": "带动周边就业六十人。",
}


def _seed():
    """An application in expert review with an expert assigned, through
    the services, as the reviewer's page does it."""
    from django.conf import settings

    from applications.roles import Role
    from applications.services.experts import expert_assign
    from applications.workflow import State
    from tests.factories import (
        ApplicationFactory,
        MaterialFactory,
        OrganisationFactory,
        UserFactory,
    )

    assert not settings.STAFF_TWO_FACTOR_REQUIRED  # the sign-in form alone lets staff in
    applicant = UserFactory(username="yaoli-applicant", roles=[Role.APPLICANT])
    organisation = OrganisationFactory()
    organisation.members.add(applicant)
    application = ApplicationFactory(
        category="production",
        organisation=organisation,
        created_by=applicant,
        status=State.EXPERT_REVIEW,
        number=1,
        submitted_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
        ich_projects=[{"name": "景德镇手工制瓷技艺", "level": "国家级"}],
        inheritor_branch="representative",
        inheritors=[{"name": "王传承", "level": "国家级"}],
        site_area_m2=1500,
        staff_count=42,
        narrative=NARRATIVE,
    )
    MaterialFactory(
        application=application, slot="application_form", original_name="盖章申请表.pdf"
    )
    reviewer = UserFactory(username="municipal-reviewer", roles=[Role.MUNICIPAL_REVIEWER])
    expert = UserFactory(username="ceramics-expert", roles=[Role.EXPERT])
    return expert_assign(application=application, user=reviewer, expert=expert)


def test_an_expert_declares_reads_the_file_and_scores_by_clicking(committed_db, live_server, page):
    from applications.materials import BASE_SLOTS
    from applications.selectors import criteria_for

    assignment = _seed()
    criteria = criteria_for(assignment.application)
    # The admin's messages fade in; axe would judge a colour mid-fade.
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => {"
        " const style = document.createElement('style');"
        " style.textContent = '*, *::before, *::after"
        " { transition: none !important; animation: none !important; }';"
        " document.head.appendChild(style); });"
    )
    journey = Journey(page, live_server.url, "expert")
    journey.start("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    page.locator("#id_username").fill("ceramics-expert")
    page.locator("#id_password").fill(PASSWORD)
    journey.click(page.locator("form button[type=submit]"), "sign in")
    expect(page).to_have_url(re.compile(r"/admin/$"))

    journey.click_link("我的评审任务")
    row = page.locator("table.listing tbody tr", has_text=RECEIPT)
    expect(row).to_contain_text("待声明")
    journey.click(row.get_by_role("link"), "the assignment")
    # Nothing of the file before the declaration.
    expect(page.locator("[data-file]")).to_have_count(0)
    expect(page.get_by_text("王传承")).to_have_count(0)
    journey.click_button("我与申报单位无利益冲突", exact=True)

    file = page.locator("[data-file]")
    expect(file).to_be_visible()
    expect(file.locator("[data-inheritor]")).to_contain_text("王传承")
    label = str(next(s.label for s in BASE_SLOTS if s.code == "application_form"))
    slot = file.locator('[data-slot="application_form"]')
    expect(slot).to_contain_text(label)
    expect(slot.get_by_role("link", name="盖章申请表.pdf")).to_be_visible()
    # The PDF is framed once its preview is opened (opened, and the frame
    # checked in Chromium's viewer, in test_file_preview_browser.py).
    expect(slot.locator("details[data-preview] iframe")).to_have_count(1)
    # Each criterion beside the narratives it is about.
    scores = page.locator("form[data-scores]")
    transmission = scores.locator('[data-criterion="transmission"]')
    expect(transmission).to_contain_text(NARRATIVE["authenticity"])
    expect(transmission).to_contain_text(NARRATIVE["inheritors"])
    expect(scores.locator('[data-criterion="benefits"]')).to_contain_text(NARRATIVE["benefits"])

    for criterion in criteria:
        journey.fill(re.compile(re.escape(criterion.label)), "8")
    journey.fill("书面意见", "核心技艺传承有序，同意列入。")
    journey.click_button("提交评分和意见", exact=True)
    expect(page.locator("form[data-scores]")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("已保存。")
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    assert sorted(float(s.score) for s in assignment.scores.all()) == [8.0] * len(criteria)
