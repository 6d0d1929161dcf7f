"""The axe-core helper of the browser tests (tests/browser/conftest.py):
it finds serious violations and names the failing nodes."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_axe_reports_serious_violations_with_their_targets(page):
    """The helper itself: a page with a nameless image, an unlabelled field
    and grey-on-white text fails, naming each node; other impacts are left
    out unless asked for."""
    page.set_content(
        """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>
        <main><h1>Broken</h1>
        <img id="nameless" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
        <input id="unlabelled" type="text">
        <p id="faint" style="color:#bbb;background:#fff">faint text</p>
        </main></body></html>"""
    )
    violations = axe_violations(page)
    found = {v["id"]: [" ".join(n["target"]) for n in v["nodes"]] for v in violations}
    assert found.get("image-alt") == ["#nameless"], violations
    assert found.get("label") == ["#unlabelled"], violations
    assert found.get("color-contrast") == ["#faint"], violations
    assert {v["impact"] for v in violations} <= {"serious", "critical"}
    message = str(violations)
    assert "image-alt (critical)" in message
    assert "#nameless" in message
    assert "#faint" in message
    assert axe_violations(page, impacts=("minor",)) == []


def test_axe_reports_content_outside_landmarks_and_a_heading_jump(page):
    """The best-practice rules the pages are also held to catch content
    outside every landmark and a heading level skipped."""
    page.set_content(
        """<!DOCTYPE html><html lang="en"><head><title>Broken</title></head><body>
        <p id="stray">Outside every landmark</p>
        <main><h1>Title</h1><h4 id="jump">Too deep</h4><p>Text</p></main>
        </body></html>"""
    )
    violations = axe_violations(
        page, impacts=("moderate", "serious", "critical"), tags=("best-practice",)
    )
    found = {v["id"]: [" ".join(n["target"]) for n in v["nodes"]] for v in violations}
    assert found.get("heading-order") == ["#jump"], violations
    assert found.get("region") == ["#stray"], violations
