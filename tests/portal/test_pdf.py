"""WeasyPrint renders Chinese that extracts back unchanged, with CJK fonts
embedded."""

import pytest

from cms.models import MeasurePdf
from cms.services import measure_pdf_render
from portal.core.pdf import render_pdf

from .pdf_text import pdf_fonts, pdf_text, squeeze

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def measures_pdf(django_db_blocker, request):
    """The 2020 measures rendered once for the module."""
    from cms.services import measure_import
    from tests.conftest import MEASURES_2020

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            page = measure_import(data=MEASURES_2020.read_bytes()).page
            data = render_pdf("pdf/measures.html", {"page": page})
            chapters = page.chapters
            transaction.set_rollback(True)
    return data, chapters


def test_every_article_extracts_back_unchanged(measures_pdf):
    data, chapters = measures_pdf
    text = pdf_text(data)
    for chapter in chapters:
        assert squeeze(chapter["title"]) in text
        for article in chapter["articles"]:
            for paragraph in article["paragraphs"]:
                assert squeeze(paragraph) in text, paragraph[:20]
    assert "第十二条市文旅局将文化生态保护区备选名单" in text
    assert "景文旅字〔2020〕152号" in text


def test_cjk_fonts_are_embedded(measures_pdf):
    fonts = pdf_fonts(measures_pdf[0])
    assert any("CJK" in name for name in fonts), fonts


def test_measure_pdf_render_stores_the_file_once_per_revision(measure_2020):
    first = measure_pdf_render(page_id=measure_2020.pk)
    assert first.revision_id == measure_2020.live_revision_id
    with first.file.open("rb") as handle:
        assert "第四十三条本办法试行期二年" in pdf_text(handle.read())
    again = measure_pdf_render(page_id=measure_2020.pk)
    assert (again.pk, again.file.name) == (first.pk, first.file.name)
    assert MeasurePdf.objects.count() == 1


def test_the_pdf_is_served_from_the_measures_page(client, measure_2020):
    assert client.get(measure_2020.url + "pdf/").status_code == 404
    measure_pdf_render(page_id=measure_2020.pk)
    response = client.get(measure_2020.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "下载 PDF 文本" in client.get(measure_2020.url).content.decode()
