"""Materials are uploaded several at once, each file into its named slot,
with the accepted kinds and size limit stated next to the inputs; a
template of the application form can be downloaded from the materials
step and from the guide."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from applications.models import Material
from tests.applications.drafts_helpers import applicant_with_draft
from tests.factories import PDF
from tests.portal.pdf_text import pdf_text

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 20


@pytest.fixture
def draft(client):
    user, application = applicant_with_draft()
    client.force_login(user)
    return application


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_several_files_of_several_slots_in_one_upload(client, draft):
    response = client.post(
        f"/apply/{draft.pk}/materials/",
        {
            "file-application_form": pdf("申报书.pdf"),
            "file-licence": pdf("营业执照.pdf"),
            "file-records": [pdf("档案一.pdf"), SimpleUploadedFile("照片.png", PNG)],
        },
    )
    assert response.status_code == 302
    stored = sorted(Material.objects.values_list("slot", "original_name"))
    assert stored == [
        ("application_form", "申报书.pdf"),
        ("licence", "营业执照.pdf"),
        ("records", "档案一.pdf"),
        ("records", "照片.png"),
    ]


def test_one_refused_file_keeps_none_of_the_lot(client, draft, settings):
    before = set(_stored_names(settings))
    response = client.post(
        f"/apply/{draft.pk}/materials/",
        {
            "file-licence": pdf("营业执照.pdf"),
            "file-site_proof": SimpleUploadedFile("租赁合同.pdf", b"MZ\x90\x00" * 20),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["file-site_proof"][0].startswith("“租赁合同.pdf”")
    assert not Material.objects.exists()
    assert set(_stored_names(settings)) == before


def _stored_names(settings):
    from pathlib import Path

    from django.core.files.storage import storages

    root = Path(storages["private"].location)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_upload_without_a_file_says_so(client, draft):
    response = client.post(f"/apply/{draft.pk}/materials/", {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors().as_data()[0].code == "no_file"


def test_each_slot_has_a_multiple_input_and_the_rules_are_stated(client, draft, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 20 * 2**20
    with translation.override("en"):
        page = client.get(f"/en/apply/{draft.pk}/materials/").content.decode()
    assert "Accepted: PDF, JPEG, PNG, DOCX, XLSX; at most 20 MB a file." in page
    for code in ("application_form", "licence", "site_proof", "records", "other"):
        assert f'name="file-{code}"' in page
    assert page.count('aria-describedby="upload-rules"') >= 5
    assert page.count(" multiple") >= 5
    assert 'accept=".docx,.jpeg,.jpg,.pdf,.png,.xlsx"' in page
    assert '<label for="id_file-licence">' in page
    assert 'href="/en/apply/form-template.pdf"' in page


def test_the_form_template_is_a_pdf_for_anyone(client):
    response = client.get("/apply/form-template.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "保护基地申报书" in text
    assert "申报单位基本情况" in text


def test_the_guide_links_to_the_template(client, site_tree):
    page = client.get("/guide/").content.decode()
    assert 'href="/apply/form-template.pdf"' in page
