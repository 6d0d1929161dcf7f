"""The file's previews in a real browser (applications/includes/file.html):
a municipal reviewer from /admin/ through the queue (申报审核) to an
application, and an expert after declaring no conflict, open a PDF
material's preview — the frame loads the PDF itself (200,
application/pdf, neither X-Frame-Options nor the policy's frame-ancestors
refusing it) — and see an image material inline. Another organisation's
applicant (and the expert before declaring) asking for the same preview
gets 404, a page of another origin framing it in the reviewer's browser is
refused by X-Frame-Options, and each file the browser showed is one
``portal.file.download`` entry."""

import datetime
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.journey import Journey

pytestmark = pytest.mark.browser

PASSWORD = "Jdz-test-2026"  # UserFactory's
ORGANISATION = "浮梁瑶里窑火瓷业有限公司"
QUEUE = '#wagtail-sidebar a[href="/admin/applications_review/"]'
PDF_NAME = "盖章申请表.pdf"
IMAGE_NAME = "场地照片.png"
# What each reader's previews leave in the log: one entry per file shown.
LOGGED = [("material:application_form", PDF_NAME), ("material:site_proof", IMAGE_NAME)]
# What Chromium says in the console when a frame or anything else is refused.
REFUSALS = ("Content Security Policy", "X-Frame-Options", "Refused to", "blocked")
OTHER_USCC = "91360222MA35L0A74U"  # another organisation than OrganisationFactory's


def _seed(status: str):
    """An application in ``status`` with a real one-page PDF and a PNG
    among its materials (portal/demo/files.py), its applicant and a
    reviewer."""
    from applications.roles import Role
    from portal.demo.files import demo_pdf_bytes, demo_png_bytes
    from tests.factories import (
        ApplicationFactory,
        MaterialFactory,
        OrganisationFactory,
        UserFactory,
    )

    applicant = UserFactory(username="yaoli-kiln", roles=[Role.APPLICANT])
    organisation = OrganisationFactory(name=ORGANISATION)
    organisation.members.add(applicant)
    application = ApplicationFactory(
        category="production",
        organisation=organisation,
        created_by=applicant,
        status=status,
        number=1,
        submitted_at=datetime.datetime(2025, 9, 1, tzinfo=datetime.UTC),
    )
    pdf = MaterialFactory(
        application=application,
        slot="application_form",
        original_name=PDF_NAME,
        content=demo_pdf_bytes("Application form, sealed"),
    )
    image = MaterialFactory(
        application=application,
        slot="site_proof",
        original_name=IMAGE_NAME,
        content=demo_png_bytes(),
    )
    assert (pdf.content_kind, image.content_kind) == ("pdf", "png")
    reviewer = UserFactory(username="municipal-reviewer", roles=[Role.MUNICIPAL_REVIEWER])
    return application, pdf, image, reviewer


class Watch:
    """The page's answers to material previews and every refusal Chromium
    reports in the console."""

    def __init__(self, page):
        self.previews: list = []
        self.refusals: list[str] = []
        page.on("response", self._response)
        page.on("console", self._console)

    def _response(self, response) -> None:
        if re.search(r"/materials/\d+/\?inline=1$", response.url):
            self.previews.append(response)

    def _console(self, message) -> None:
        if any(word in message.text for word in REFUSALS):
            self.refusals.append(message.text)


def _sign_in(journey: Journey, username: str) -> None:
    page = journey.page
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    journey.click(page.locator("form button[type=submit]"), "sign in")


def _assert_previews(journey: Journey, watch: Watch, pdf, image) -> None:
    """Opens the PDF's preview and checks that its frame shows the PDF and
    that the image is shown inline."""
    page = journey.page
    pdf_url = f"/apply/{pdf.application_id}/materials/{pdf.pk}/?inline=1"
    slot = page.locator('[data-file] [data-slot="application_form"]')
    expect(slot.get_by_role("link", name=PDF_NAME)).to_be_visible()
    frame_element = slot.locator("details[data-preview] iframe")
    expect(frame_element).to_have_attribute("src", pdf_url)

    with page.expect_response(lambda r: r.url.endswith(pdf_url)) as answer:
        journey.click(slot.locator("details[data-preview] summary"), "preview the PDF")
    response = answer.value
    headers = response.all_headers()
    assert response.status == 200
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"].startswith("inline")
    # Still sandboxed and never sniffed; framed by the portal's pages alone.
    assert headers["content-security-policy"] == "sandbox"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"
    framed = response.frame
    assert framed.parent_frame is page.main_frame
    assert framed.url == response.url
    expect(frame_element).to_be_visible()
    assert frame_element.bounding_box()["height"] > 200  # the template's size

    image_element = page.locator('[data-file] [data-slot="site_proof"] img')
    image_element.scroll_into_view_if_needed()  # it loads lazily
    image_element.evaluate(
        "img => img.complete ? null : new Promise(done => img.addEventListener('load', done))"
    )
    assert image_element.evaluate("img => img.naturalWidth") > 0

    # A refused frame holds Chromium's error page (chrome-error://) and
    # nothing else, and the console says why; this one holds Chromium's
    # PDF viewer, which shows the PDF from the one answer the portal gave.
    assert _frame_tree(page, framed) == [("chrome-extension:", [response.url])]
    assert watch.refusals == [], watch.refusals
    asked = [r for r in watch.previews if r.frame.parent_frame is page.main_frame]
    assert [(r.url, r.status) for r in asked] == [(response.url, 200)]


def _assert_not_framed_elsewhere(context, base_url: str, pdf) -> None:
    """A page of another origin on the same host (another port: same site,
    so the session's cookie goes along) framing the same preview in the
    reviewer's browser: the portal answers, Chromium refuses to show it
    (X-Frame-Options: SAMEORIGIN)."""
    preview = f"{base_url}/apply/{pdf.application_id}/materials/{pdf.pk}/?inline=1"
    body = f'<!DOCTYPE html><title>x</title><iframe src="{preview}"></iframe>'.encode()

    class Elsewhere(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer((urlsplit(base_url).hostname, 0), Elsewhere)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    other = context.new_page()  # not the journey's page: someone else's site
    try:
        refusals = []
        other.on("console", lambda message: refusals.append(message.text))
        with other.expect_response(preview) as answer:
            other.goto(f"http://{urlsplit(base_url).hostname}:{server.server_port}/")
        assert answer.value.status == 200
        other.wait_for_load_state("load")
        # Chromium's error page in place of the PDF.
        assert [f.url for f in other.main_frame.child_frames] == ["chrome-error://chromewebdata/"]
        assert any("X-Frame-Options" in text for text in refusals), refusals
    finally:
        other.close()
        server.shutdown()
        server.server_close()


def _frame_tree(page, frame, seconds: float = 5) -> list:
    """The frames in ``frame`` (each by its URL's scheme) and theirs (by
    URL), once the viewer has attached them."""
    for _ in range(int(seconds * 10)):
        tree = [
            (child.url.split("//")[0], [grandchild.url for grandchild in child.child_frames])
            for child in frame.child_frames
        ]
        if tree and all(urls for _scheme, urls in tree):
            return tree
        page.wait_for_timeout(100)
    return tree


def _downloads(application, user) -> list[tuple[str, str]]:
    """The downloads of ``application``'s files logged for ``user``: the
    file's kind and name of each (portal.core.headers.private_file_download)."""
    from wagtail.models import ModelLogEntry

    entries = ModelLogEntry.objects.filter(
        action="portal.file.download", object_id=str(application.pk), user=user
    )
    return sorted(entries.values_list("data__file", "data__name"))


def _assert_closed_to_outsiders(client, pdf, image) -> None:
    """Another organisation's applicant gets 404 for both previews, and
    nothing is logged for them."""
    from applications.roles import Role
    from tests.factories import OrganisationFactory, UserFactory

    outsider = UserFactory(username="other-workshop", roles=[Role.APPLICANT])
    OrganisationFactory(uscc=OTHER_USCC, name="昌江另一家瓷厂").members.add(outsider)
    client.force_login(outsider)
    for material in (pdf, image):
        url = f"/apply/{material.application_id}/materials/{material.pk}/"
        assert client.get(url + "?inline=1").status_code == 404
        assert client.get(url).status_code == 404
    assert _downloads(pdf.application, outsider) == []


def test_a_reviewer_previews_the_pdf_and_sees_the_image(
    committed_db, live_server, page, settings, client
):
    from applications.workflow import State

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    application, pdf, image, reviewer = _seed(State.SUBMITTED)
    watch = Watch(page)
    journey = Journey(page, live_server.url, "reviewer-preview")
    journey.start("/admin/")
    _sign_in(journey, reviewer.username)
    journey.click(page.locator(QUEUE), "申报审核")
    journey.click(page.locator("table.listing td a").filter(has_text=ORGANISATION), "the row")
    _assert_previews(journey, watch, pdf, image)

    assert _downloads(application, reviewer) == LOGGED
    _assert_not_framed_elsewhere(page.context, live_server.url, pdf)
    _assert_closed_to_outsiders(client, pdf, image)


def test_an_expert_previews_the_pdf_after_declaring(
    committed_db, live_server, page, settings, client
):
    from applications.roles import Role
    from applications.services.experts import expert_assign
    from applications.workflow import State
    from tests.factories import UserFactory

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    application, pdf, image, reviewer = _seed(State.EXPERT_REVIEW)
    expert = UserFactory(username="ceramics-expert", roles=[Role.EXPERT])
    expert_assign(application=application, user=reviewer, expert=expert)
    # Before the declaration the expert may not read the file, previews included.
    client.force_login(expert)
    assert client.get(f"/apply/{application.pk}/materials/{pdf.pk}/?inline=1").status_code == 404
    watch = Watch(page)
    journey = Journey(page, live_server.url, "expert-preview")
    journey.start("/admin/")
    _sign_in(journey, expert.username)
    journey.click_link("我的评审任务")
    journey.click(page.locator("table.listing tbody tr").get_by_role("link"), "the assignment")
    expect(page.locator("[data-file]")).to_have_count(0)
    journey.click_button("我与申报单位无利益冲突", exact=True)
    _assert_previews(journey, watch, pdf, image)

    assert _downloads(application, expert) == LOGGED
    _assert_closed_to_outsiders(client, pdf, image)
