"""The registration form (issue 15, item 3): townships grouped by county
(one <optgroup> each, filtered by the page's script), the township checked
to be in the county, a privacy notice with a required consent kept with its
time, and the typed values kept when the form comes back (the passwords
and the licence file excepted, as the form says by the file field)."""

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.translation import override

from applications.forms import RegistrationForm
from applications.models import AccountProfile, County, Township
from tests.registration import register_post, registration_data

pytestmark = pytest.mark.django_db


def _page(response):
    return BeautifulSoup(response.content, "html.parser")


def test_townships_are_grouped_by_county(client):
    page = _page(client.get("/accounts/register/"))
    select = page.select_one("select#id_township")
    groups = {
        g["label"]: [o["value"] for o in g.select("option")] for g in select.select("optgroup")
    }
    assert set(groups) == set(
        County.objects.values_list("name", flat=True).filter(
            pk__in=Township.objects.values("county")
        )
    )
    for county_name, values in groups.items():
        assert set(values) == {
            str(pk)
            for pk in Township.objects.filter(county__name=county_name).values_list("pk", flat=True)
        }
    # The page's script filters them by the chosen county.
    assert page.select_one("script[src$='applications/register.js']")


def test_a_township_of_another_county_is_refused(client):
    township = Township.objects.get(name="瑶里镇")
    elsewhere = Township.objects.exclude(county=township.county_id).first()
    response = register_post(client, township=elsewhere.pk)
    assert response.status_code == 200
    assert "township" in response.context["form"].errors


def test_the_privacy_notice_says_what_why_who_and_how_long(client):
    page = _page(client.get("/accounts/register/"))
    notice = page.select_one("[data-privacy-notice]")
    assert len(notice.select("dt")) == 4 and all(
        d.get_text(strip=True) for d in notice.select("dd")
    )
    consent = page.select_one("input#id_privacy_consent")
    assert consent["type"] == "checkbox" and consent.has_attr("required")


def test_registering_without_consent_is_refused_and_creates_nothing(client):
    data = registration_data()
    del data["privacy_consent"]
    response = client.post("/accounts/register/", data)
    assert response.status_code == 200
    assert response.context["form"].has_error("privacy_consent", "required")
    assert not AccountProfile.objects.exists()


def test_the_consent_is_stored_with_its_time(client):
    before = timezone.now()
    assert register_post(client).status_code == 302
    profile = AccountProfile.objects.get(user__username="workshop")
    assert before <= profile.privacy_consent_at <= timezone.now()


def test_values_are_kept_on_error_but_not_passwords_or_the_file(client):
    township = Township.objects.get(name="瑶里镇")
    response = register_post(client, contact_phone="not a phone")
    page = _page(response)
    assert page.select_one("#id_username")["value"] == "workshop"
    assert page.select_one("#id_organisation_name")["value"] == "瑶里古窑瓷业有限公司"
    assert page.select_one("#id_county option[selected]")["value"] == str(township.county_id)
    assert page.select_one("#id_township option[selected]")["value"] == str(township.pk)
    assert page.select_one("#id_privacy_consent").has_attr("checked")
    assert not page.select_one("#id_password1").has_attr("value")
    assert not page.select_one("#id_licence").has_attr("value")
    # Next to the file field: choose it again.
    with override("en"):
        help_text = str(RegistrationForm().fields["licence"].help_text)
    assert "choose the file again" in help_text
    assert page.select_one("#id_licence_helptext")
