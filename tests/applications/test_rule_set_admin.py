"""The rule sets in the admin: each number of the measures with the
sentence it was read from, staff corrections kept with history, the
bureau's practice apart, and no rule set added or deleted by hand."""

import re
from decimal import Decimal

import pytest

from applications.models import RuleSet
from applications.services.rules import rule_set_lines
from cms.services import measure_import
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(page_html: str) -> dict:
    """Returns the edit form's fields as a browser would post them."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page_html):
        data[name] = value
    for name, body in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page_html, re.S
    ):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = selected.group(1) if selected else ""
    for name in ("bases_self_assess", "bases_evaluated"):
        if f'name="{name}"' in page_html and "checked" in page_html.split(f'name="{name}"')[1][:80]:
            data[name] = "on"
        else:
            data.pop(name, None)
    return data


def test_the_edit_page_shows_each_sentence_and_keeps_a_correction(measure_2020, client):
    rule_set = RuleSet.objects.get(measure=measure_2020)
    client.force_login(UserFactory(is_superuser=True))
    url = f"/admin/snippets/applications/ruleset/edit/{rule_set.pk}/"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    # The sentence of 第十二条 is the help of the publicity period.
    assert "第十二条" in html and "公示期为二十个工作日" in html
    revisions = rule_set.revisions.count()

    data = form_data(html)
    data["min_staff"] = "28"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    rule_set.refresh_from_db()
    assert rule_set.min_staff == 28
    assert rule_set.revisions.count() == revisions + 1
    staff = next(line for line in rule_set_lines(rule_set=rule_set) if line.field == "min_staff")
    assert staff.stated and staff.corrected and staff.article == "第七条（六）"

    # A revision of the text elsewhere keeps the correction: the sentence
    # of 第七条（六） is unchanged.
    text = measure_2020_text().decode().replace("坚定文化自信，", "坚定文化自信、")
    measure_import(data=text.encode(), revise=True)
    rule_set.refresh_from_db()
    assert rule_set.min_staff == 28
    assert rule_set.min_site_area_m2 == Decimal("1000")


def measure_2020_text() -> bytes:
    from django.conf import settings

    return settings.MEASURES_BUNDLED_FILE.read_bytes()


def test_a_revised_sentence_is_read_again(measure_2020):
    rule_set = RuleSet.objects.get(measure=measure_2020)
    rule_set.min_staff = 28
    rule_set.save()
    text = (
        measure_2020_text().decode().replace("从业人员必须在 30人以上", "从业人员必须在 25人以上")
    )
    measure_import(data=text.encode(), revise=True)
    rule_set.refresh_from_db()
    assert rule_set.min_staff == 25


def test_nobody_adds_or_deletes_a_rule_set(measure_2020, client):
    rule_set = RuleSet.objects.get(measure=measure_2020)
    client.force_login(UserFactory(is_superuser=True))
    # Wagtail answers a refused action by sending the user to the admin home.
    for url in (
        "/admin/snippets/applications/ruleset/add/",
        f"/admin/snippets/applications/ruleset/delete/{rule_set.pk}/",
    ):
        assert client.get(url).status_code != 200
        client.post(url, {"min_staff": "1"})
    assert list(RuleSet.objects.values_list("pk", flat=True)) == [rule_set.pk]
    listing = client.get("/admin/snippets/applications/ruleset/")
    assert listing.status_code == 200
    assert "/admin/snippets/applications/ruleset/add/" not in listing.content.decode()
