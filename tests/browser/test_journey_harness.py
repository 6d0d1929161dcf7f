"""The click-only journey harness itself: after the first page, a typed URL
fails the journey; each step leaves two screenshots and passes axe."""

import pytest

from tests.browser.journey import SCREENSHOTS, Journey, TypedNavigation

pytestmark = pytest.mark.browser


@pytest.fixture
def site(transactional_db, committed_db):
    from cms.services import site_tree_ensure

    site_tree_ensure()


def test_a_typed_url_after_the_first_page_fails(site, live_server, page):
    journey = Journey(page, live_server.url, "harness")
    with pytest.raises(TypedNavigation):
        journey.click_link("x")  # nothing is open yet: start() comes first
    journey.start("/")
    with pytest.raises(TypedNavigation):
        page.goto(live_server.url + "/guide/")
    with pytest.raises(TypedNavigation):
        journey.start("/guide/")


def test_each_step_is_clicked_and_recorded(site, live_server, page):
    journey = Journey(page, live_server.url, "harness-steps")
    journey.start("/").click_link("网上申报")
    assert journey.steps[0].startswith("01 start /")
    assert journey.steps[1].startswith("02 link 网上申报")
    assert "/accounts/login/" in page.url or "/apply/" in page.url
    for size in ("desktop", "phone"):
        assert (SCREENSHOTS / f"journey-harness-steps-02-link-网上申报-{size}.png").exists()
