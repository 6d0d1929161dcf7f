"""Finding 11, headers: a Content-Security-Policy and a Permissions-Policy
on every page — public (also when served from the page cache), signed in,
the Wagtail admin and the API's documentation — under which none of the
page's own inline code is blocked; a page that used a nonce is never kept;
private files are served sandboxed."""

import datetime

import pytest
from csp.middleware import CSPMiddleware
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import ResolverMatch

from applications.roles import Role
from evaluations.models import AssessmentStatus, SelfAssessment
from portal.core.cache import PublicPageCacheMiddleware
from portal.core.headers import SecurityHeadersMiddleware
from tests.factories import ApplicationFactory, MaterialFactory, UnitFactory, UserFactory

from .csp import csp_directives, inline_code_blocked

pytestmark = pytest.mark.django_db


def assert_protected(response, *, strict: bool = True) -> dict:
    """Asserts the answer's policies and that its inline code runs under
    them; returns the CSP's directives. ``strict``: no 'unsafe-inline'
    script (the portal's own pages)."""
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    directives = csp_directives(header)
    assert directives["object-src"] == ["'none'"]
    assert "'self'" in directives["default-src"]
    assert "frame-ancestors" in directives and "base-uri" in directives
    if strict:
        assert "'unsafe-inline'" not in directives["script-src"]
        assert "'unsafe-inline'" not in directives["style-src"]
    assert inline_code_blocked(response.content.decode(), header) == []
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in permissions
    return directives


def test_a_public_page_and_its_kept_copy_carry_valid_policies(client, site_tree):
    first = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert_protected(first)
    kept = client.get("/")
    assert kept["X-Page-Cache"] == "hit"
    assert_protected(kept)
    # The public pages run no inline script: no nonce to go stale in a kept copy.
    assert "nonce" not in kept.content.decode()
    for path in ("/notices/", "/search/?q=陶瓷", "/guide/", "/en/"):
        assert_protected(client.get(path))


def test_the_applicants_pages_carry_valid_policies(client, site_tree):
    applicant = UserFactory(roles=[Role.APPLICANT])
    draft = ApplicationFactory(category="production")
    draft.organisation.members.add(applicant)
    client.force_login(applicant)
    for path in (
        "/apply/",
        f"/apply/{draft.pk}/",
        f"/apply/{draft.pk}/numbers/",
        f"/apply/{draft.pk}/materials/",
        f"/apply/{draft.pk}/review/",
    ):
        assert_protected(client.get(path))


def test_the_admin_and_the_api_documentation_carry_their_own_policies(client, site_tree):
    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    submitted = ApplicationFactory(submitted=True)
    client.force_login(reviewer)
    for path in (
        "/admin/",
        "/admin/applications_review/",
        f"/admin/applications_review/inspect/{submitted.pk}/",
        "/admin/calendar_years/new/",
        f"/admin/pages/{site_tree.home.pk}/",
    ):
        directives = assert_protected(client.get(path), strict=False)
        # Wagtail's own inline scripts run; no nonce switches that off.
        assert "'unsafe-inline'" in directives["script-src"]
        assert not any(s.startswith("'nonce-") for s in directives["script-src"])
    assert_protected(client.get("/api/v1/docs"), strict=False)


def test_a_page_that_used_a_nonce_is_never_kept():
    """The page cache keeps a page with its first answer's headers while
    django-csp writes a fresh nonce each time: a page with a nonce must not
    be kept (nor by a browser or proxy)."""

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    stack = CSPMiddleware(PublicPageCacheMiddleware(SecurityHeadersMiddleware(view)))
    answers = []
    for _ in range(2):
        request = RequestFactory().get("/a-public-page/")
        request.resolver_match = ResolverMatch(view, (), {}, url_name="wagtail_serve")
        answers.append(stack(request))
    for response in answers:
        assert "no-store" in response["Cache-Control"]
        assert response.get("X-Page-Cache") != "hit"
        assert (
            inline_code_blocked(response.content.decode(), response["Content-Security-Policy"])
            == []
        )


def _assert_sandboxed(response, *, inline: bool):
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if inline else "attachment"), disposition


def test_private_files_are_served_sandboxed(client, site_tree):
    applicant = UserFactory(roles=[Role.APPLICANT])
    material = MaterialFactory(application=ApplicationFactory(submitted=True))
    material.application.organisation.members.add(applicant)
    url = f"/apply/{material.application.pk}/materials/{material.pk}/"
    client.force_login(applicant)
    _assert_sandboxed(client.get(url + "?inline=1"), inline=True)
    _assert_sandboxed(client.get(url), inline=False)

    reviewer = UserFactory(roles=[Role.MUNICIPAL_REVIEWER])
    client.force_login(reviewer)
    _assert_sandboxed(client.get(url + "?inline=1"), inline=True)
    member = UserFactory()
    unit = UnitFactory(member=member)
    assessment = SelfAssessment.objects.create(
        unit=unit,
        year=2025,
        summary="自评",
        status=AssessmentStatus.SUBMITTED,
        submitted_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        created_by=member,
        report_name="自评报告.pdf",
    )
    assessment.report.save("自评报告.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    _assert_sandboxed(
        client.get(f"/admin/filings/assessment/{assessment.pk}/file/report/"), inline=True
    )
