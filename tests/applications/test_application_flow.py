"""An applicant registers, verifies, drafts a base application in three
steps, uploads materials and submits; the receipt follows."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from applications.declaration import DECLARATION_VERSION
from applications.models import Application, Material, Organisation
from applications.services.claims import organisation_claim_confirm
from tests.factories import UserFactory
from tests.portal.pdf_text import pdf_text
from tests.registration import bureau_of, register, register_post

pytestmark = pytest.mark.django_db

PASSWORD = "Jdz-apply-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# The declaration accepted and the submission confirmed (test_check_and_submit).
SUBMIT = {"declaration": "on", "version": DECLARATION_VERSION, "confirmed": "True"}


def steps_through(client, application, *, area="1200"):
    pk = application.pk
    response = client.post(
        f"/apply/{pk}/",
        {
            "category": "production",
            "projects-TOTAL_FORMS": "2",
            "projects-INITIAL_FORMS": "0",
            "projects-0-name": "景德镇手工制瓷技艺",
            "projects-0-level": "国家级",
            "projects-0-category": "传统技艺",
            "inheritor_branch": "representative",
            "holders-TOTAL_FORMS": "0",
            "holders-INITIAL_FORMS": "0",
            "inheritors-TOTAL_FORMS": "2",
            "inheritors-INITIAL_FORMS": "0",
            "inheritors-0-name": "陈师傅",
            "inheritors-0-level": "市级",
            "next": "1",
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"/apply/{pk}/numbers/",
        {
            "site_area_m2": area,
            "staff_count": "35",
            "senior-TOTAL_FORMS": "3",
            "senior-INITIAL_FORMS": "0",
            **{
                k: "本单位坚持手工制瓷核心技艺。"
                for k in ("authenticity", "inheritors", "safeguarding", "participation", "benefits")
            },
            "next": "1",
        },
    )
    assert response.status_code == 302
    for slot in (
        "application_form",
        "licence",
        "site_proof",
        "staff_list",
        "inheritor_certificates",
    ):
        response = client.post(
            f"/apply/{pk}/materials/",
            {f"file-{slot}": SimpleUploadedFile(f"{slot}.pdf", PDF)},
        )
        assert response.status_code == 302, response.content.decode()[:500]


def test_register_verify_draft_submit_and_receipt(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, confirm=False)
    assert response.status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.uscc == "91350100M000100Y43"
    assert organisation.claim_status == "pending"
    assert "/accounts/verify/" in mail.outbox[0].body

    client.post("/apply/new/", {"organisation": organisation.pk})
    application = Application.objects.get()
    steps_through(client, application, area="999.9")

    # Not confirmed by the county bureau yet, and below the threshold.
    page = client.post(f"/apply/{application.pk}/review/").content.decode()
    assert "场地面积 999.9 平方米，低于第七条（六）要求的 1000 平方米以上" in page
    assert Application.objects.get().status == "draft"

    organisation_claim_confirm(organisation=organisation, user=bureau_of())
    client.post(
        f"/apply/{application.pk}/numbers/",
        {
            "site_area_m2": "1000",
            "staff_count": "35",
            "senior-TOTAL_FORMS": "3",
            "senior-INITIAL_FORMS": "0",
            **{
                k: "本单位坚持手工制瓷核心技艺。"
                for k in ("authenticity", "inheritors", "safeguarding", "participation", "benefits")
            },
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/apply/{application.pk}/review/", SUBMIT)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert re.fullmatch(r"JDZ-JD-\d{4}-0001", application.receipt_number)
    assert application.eligibility["overall"] == "pass"
    assert application.rules_snapshot["min_site_area_m2"] == "1000"
    assert ModelLogEntry.objects.filter(action="portal.application.submit").exists()
    assert any(application.receipt_number in m.subject for m in mail.outbox)

    # The same news is in the portal's inbox.
    assert application.receipt_number in client.get("/apply/").content.decode()
    receipt = client.get(f"/apply/{application.pk}/receipt.pdf")
    assert receipt.status_code == 200
    text = pdf_text(b"".join(receipt.streaming_content))
    assert "受理回执" in text
    assert application.receipt_number in text
    assert "瑶里古窑瓷业有限公司" in text

    # Submitted applications are not edited here any more.
    assert client.get(f"/apply/{application.pk}/numbers/").status_code == 302


def test_bad_registration_keeps_what_was_typed(client):
    response = register_post(client, uscc="91350100M000100Y44", password2="Other-2026x")
    page = response.content.decode()
    assert response.status_code == 200
    assert "校验码（最后一位）应为 3" in page
    assert "瑶里古窑瓷业有限公司" in page  # typed values come back
    assert "两次输入的密码不一致" in page
    assert not Organisation.objects.exists()


def test_weak_password_is_refused(client):
    page = register_post(client, password1="abcdefgh", password2="abcdefgh").content.decode()
    assert "至少包含" in page


def test_exe_upload_is_refused_and_other_uploads_kept(client):
    register(client)
    client.post("/apply/new/", {"organisation": Organisation.objects.get().pk})
    application = Application.objects.get()
    client.post(
        f"/apply/{application.pk}/materials/",
        {"file-licence": SimpleUploadedFile("licence.pdf", PDF)},
    )
    response = client.post(
        f"/apply/{application.pk}/materials/",
        {"file-site_proof": SimpleUploadedFile("租赁合同.pdf", b"MZ\x90\x00" * 20)},
    )
    assert response.status_code == 200
    assert "不是 PDF、JPEG、PNG、DOCX 或 XLSX 文件" in response.content.decode()
    assert list(Material.objects.values_list("slot", flat=True)) == ["licence"]


def test_other_organisations_cannot_see_or_download(client):
    register(client)
    client.post("/apply/new/", {"organisation": Organisation.objects.get().pk})
    application = Application.objects.get()
    client.post(
        f"/apply/{application.pk}/materials/",
        {"file-licence": SimpleUploadedFile("licence.pdf", PDF)},
    )
    material = Material.objects.get()
    client.logout()
    client.force_login(UserFactory())
    assert client.get(f"/apply/{application.pk}/").status_code == 404
    # As for a file that does not exist: the answer tells no ids.
    assert client.get(f"/apply/{application.pk}/materials/{material.pk}/").status_code == 404
    client.logout()
    anonymous = client.get(f"/apply/{application.pk}/materials/{material.pk}/")
    assert anonymous.status_code == 302  # to sign in
    # The file lives outside MEDIA_ROOT, so no static URL reaches it.
    from django.conf import settings

    assert not material.file.path.startswith(str(settings.MEDIA_ROOT) + "/applications")
    assert client.get(f"/media/{material.file.name}").status_code == 404


def test_downloads_are_logged(client):
    register(client)
    client.post("/apply/new/", {"organisation": Organisation.objects.get().pk})
    application = Application.objects.get()
    client.post(
        f"/apply/{application.pk}/materials/",
        {"file-licence": SimpleUploadedFile("licence.pdf", PDF)},
    )
    material = Material.objects.get()
    response = client.get(f"/apply/{application.pk}/materials/{material.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    entry = ModelLogEntry.objects.get(action="portal.file.download")
    assert entry.data == {"file": "material:licence", "name": "licence.pdf"}


def test_live_eligibility_endpoint(client):
    client.force_login(UserFactory())
    data = client.get(
        "/apply/eligibility/",
        {"category": "research", "area": "1000", "staff": "30", "senior": "2"},
    ).json()
    assert data["overall"] == "fail"
    assert [c["code"] for c in data["criteria"] if c["result"] == "fail"] == ["senior_staff"]
    assert client.get("/apply/eligibility/", {"category": "x"}).json()["overall"] is None


def test_untouched_spare_rows_are_skipped(client):
    """A browser posts every select; the spare rows' empty level keeps them
    unchanged, so one project and one inheritor are enough to go on."""
    register(client)
    client.post("/apply/new/", {"organisation": Organisation.objects.get().pk})
    application = Application.objects.get()
    response = client.post(
        f"/apply/{application.pk}/",
        {
            "category": "production",
            "projects-TOTAL_FORMS": "2",
            "projects-INITIAL_FORMS": "0",
            "projects-0-name": "景德镇手工制瓷技艺",
            "projects-0-level": "国家级",
            "projects-1-name": "",
            "projects-1-level": "",
            "projects-1-category": "",
            "inheritor_branch": "representative",
            "holders-TOTAL_FORMS": "0",
            "holders-INITIAL_FORMS": "0",
            "inheritors-TOTAL_FORMS": "2",
            "inheritors-INITIAL_FORMS": "0",
            "inheritors-0-name": "陈师傅",
            "inheritors-0-level": "市级",
            "inheritors-1-name": "",
            "inheritors-1-level": "",
            "next": "1",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert [p["name"] for p in application.ich_projects] == ["景德镇手工制瓷技艺"]
    assert len(application.inheritors) == 1


def test_a_half_filled_row_is_an_error_and_nothing_is_lost(client):
    register(client)
    client.post("/apply/new/", {"organisation": Organisation.objects.get().pk})
    application = Application.objects.get()
    response = client.post(
        f"/apply/{application.pk}/",
        {
            "category": "production",
            "projects-TOTAL_FORMS": "1",
            "projects-INITIAL_FORMS": "0",
            "projects-0-name": "景德镇手工制瓷技艺",
            "projects-0-level": "",
            "inheritor_branch": "representative",
            "holders-TOTAL_FORMS": "0",
            "holders-INITIAL_FORMS": "0",
            "inheritors-TOTAL_FORMS": "1",
            "inheritors-INITIAL_FORMS": "0",
            "inheritors-0-name": "",
            "inheritors-0-level": "",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "景德镇手工制瓷技艺" in page  # typed text comes back
    assert "必需字段" in page
    application.refresh_from_db()
    assert application.ich_projects == []


def test_a_special_project_below_the_threshold_submits_for_relaxation_review(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    client.post("/apply/new/", {"organisation": Organisation.objects.get().pk})
    application = Application.objects.get()
    steps_through(client, application, area="600")
    application.refresh_from_db()
    application.ich_projects[0]["special"] = True
    Application.objects.filter(pk=application.pk).update(ich_projects=application.ich_projects)

    # Without asking for relaxation, with its reason, it cannot go.
    page = client.post(f"/apply/{application.pk}/review/").content.decode()
    assert "须申请适当放宽条件并说明理由" in page
    numbers = {
        "site_area_m2": "600",
        "staff_count": "35",
        "senior-TOTAL_FORMS": "3",
        "senior-INITIAL_FORMS": "0",
        **{
            k: "本单位坚持手工制瓷核心技艺。"
            for k in ("authenticity", "inheritors", "safeguarding", "participation", "benefits")
        },
        "relaxation_requested": "on",
        "relaxation_reason": "濒临失传的特殊烧制技艺，场地受古窑址限制。",
    }
    client.post(f"/apply/{application.pk}/numbers/", numbers)
    page = client.post(f"/apply/{application.pk}/review/").content.decode()
    assert "请上传：申请放宽条件的证明材料" in page
    client.post(
        f"/apply/{application.pk}/materials/",
        {"file-relaxation_evidence": SimpleUploadedFile("证明.pdf", PDF)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/apply/{application.pk}/review/", SUBMIT)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.eligibility["overall"] == "needs_relaxation_review"
    site = next(c for c in application.eligibility["criteria"] if c["code"] == "site_area")
    assert site["result"] == "needs_relaxation_review"
    assert "已申请适当放宽条件" in site["message"]


def test_a_background_save_keeps_a_closed_tabs_draft(client):
    """What draft.js sends on pagehide: the form plus "save"."""
    register(client)
    client.post("/apply/new/", {"organisation": Organisation.objects.get().pk})
    application = Application.objects.get()
    page = client.get(f"/apply/{application.pk}/numbers/").content.decode()
    assert "data-draft-autosave" in page and "applications/draft.js" in page
    client.post(
        f"/apply/{application.pk}/numbers/",
        {
            "site_area_m2": "1200",
            "staff_count": "",
            "senior-TOTAL_FORMS": "3",
            "senior-INITIAL_FORMS": "0",
            "authenticity": "写到一半的说明",
            "save": "1",
        },
    )
    application.refresh_from_db()
    assert application.site_area_m2 == 1200
    assert application.narrative["authenticity"] == "写到一半的说明"
