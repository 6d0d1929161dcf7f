"""The verification of certificates and plaques (issue 15, item 10): each
unit has a random, stable code; its certificate and plaque carry it with a
QR code of /verify/<code>/, a public page of the unit's public facts."""

import datetime
import subprocess
import tempfile
from pathlib import Path

import cv2
import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from cms.services.documents import (
    acceptance_plaque_render,
    unit_certificate_render,
    unit_verification_url,
)
from evaluations.models import Acceptance, ProtectedUnit
from evaluations.models.units import VERIFICATION_ALPHABET, VERIFICATION_LENGTH
from evaluations.views.public import VERIFY_RATE_ADDRESS
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def qr_codes(pdf: bytes) -> list[str]:
    """Rasterises the PDF's first page (poppler's pdftoppm) and returns
    the text of every QR code OpenCV finds on it."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "200",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                source,
                Path(folder) / "page",
            ],
            check=True,
        )
        image = cv2.imread(str(Path(folder) / "page.png"))
    found, texts, _points, _straight = cv2.QRCodeDetector().detectAndDecodeMulti(image)
    return [t for t in texts if t] if found else []


def test_each_unit_gets_its_own_unguessable_stable_code():
    first, second = UnitFactory(), UnitFactory()
    assert first.verification_code != second.verification_code
    for code in (first.verification_code, second.verification_code):
        assert len(code) == VERIFICATION_LENGTH
        assert set(code) <= set(VERIFICATION_ALPHABET)
    code = first.verification_code
    first.name = "改名后的基地"
    first.save()
    first.refresh_from_db()
    assert first.verification_code == code


def test_the_certificate_qr_code_decodes_to_the_verification_page():
    unit = UnitFactory(code="2025-JD-001")
    data = unit_certificate_render(unit_id=unit.pk).certificate_pdf.read()
    url = unit_verification_url(unit)
    assert url == f"http://testserver/verify/{unit.verification_code}/"
    assert qr_codes(data) == [url]


def test_the_plaque_of_an_accepted_zone_carries_the_qr_code_too():
    zone = UnitFactory(
        code="2020-SYQ-001",
        name="浮梁县陶瓷文化生态保护实验区",
        kind="reserve",
        category="",
        status="protection_zone",
    )
    bureau = get_user_model().objects.create_user("bureau-reviewer")
    acceptance = Acceptance(
        unit=zone,
        report_name="验收报告.pdf",
        status="passed",
        applied_by=bureau,
        decided_by=bureau,
        decided_at=timezone.now(),
    )
    acceptance.report.save("report.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    acceptance.save()
    data = acceptance_plaque_render(acceptance_id=acceptance.pk).plaque_pdf.read()
    assert qr_codes(data) == [unit_verification_url(zone)]


def test_the_verification_page_shows_the_public_facts_only(client):
    unit = UnitFactory(
        code="2025-JD-007",
        name="瑶里传承基地",
        category="transmission",
        established_on=datetime.date(2025, 11, 3),
    )
    response = client.get(f"/en/verify/{unit.verification_code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-verify-result="valid"' in page
    assert "瑶里传承基地" in page and "2025-JD-007" in page
    assert 'data-verify-category="transmission"' in page
    assert 'data-verify-status="designated_base"' in page
    assert "3 November 2025" in page
    organisation = unit.organisation
    for private in (
        organisation.contact_name,
        organisation.contact_phone,
        organisation.contact_email,
        organisation.address,
        organisation.uscc,
    ):
        assert private not in page, private
    assert "certificate/" not in page  # no files
    # The code as printed, in any letter case.
    assert client.get(f"/verify/{unit.verification_code.lower()}/").status_code == 200


def test_a_delisted_unit_verifies_as_delisted_and_an_accepted_zone_with_its_date(client):
    unit = UnitFactory(status="delisted", delisted_on=datetime.date(2026, 12, 21))
    page = client.get(f"/en/verify/{unit.verification_code}/").content.decode()
    assert 'data-verify-result="delisted"' in page
    assert 'data-verify-status="delisted"' in page
    assert "21 December 2026" in page
    zone = UnitFactory(kind="reserve", category="", status="protection_zone")
    bureau = get_user_model().objects.create_user("bureau-reviewer")
    Acceptance.objects.create(
        unit=zone,
        report="x.pdf",
        report_name="x.pdf",
        status="passed",
        applied_by=bureau,
        decided_at=datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC),
    )
    page = client.get(f"/verify/{zone.verification_code}/").content.decode()
    assert "data-verify-accepted" in page and "2026年3月2日" in page


def test_an_unknown_code_answers_404_with_a_page_saying_so(client):
    UnitFactory()
    response = client.get("/verify/ZZZZZZZZZZZZZZZZ/")
    assert response.status_code == 404
    assert 'data-verify-result="unknown"' in response.content.decode()
    assert "ZZZZZZZZZZZZZZZZ" in response.content.decode()


def test_look_ups_are_rate_limited_per_address(client, still_clock):
    unit = UnitFactory()
    allowed = int(VERIFY_RATE_ADDRESS.split("/")[0])
    for n in range(allowed):
        code = unit.verification_code if n % 2 else f"NOPE{n:012d}"
        assert client.get(f"/verify/{code}/").status_code in (200, 404)
    assert client.get(f"/verify/{unit.verification_code}/").status_code == 429


def test_the_directory_unit_page_links_to_the_verification_page(client, site_tree):
    unit = UnitFactory(code="2025-JD-009")
    page = client.get("/directory/2025-JD-009/").content.decode()
    assert f'href="/verify/{unit.verification_code}/"' in page
    with translation.override("en"):
        page = client.get("/en/directory/2025-JD-009/").content.decode()
    assert f'href="/en/verify/{unit.verification_code}/"' in page
    assert ProtectedUnit.objects.filter(verification_code=unit.verification_code).count() == 1
