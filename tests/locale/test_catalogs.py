"""The translation catalogs: Chinese complete, both compiled and in use."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_catalog_is_compiled(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file(), "run `make messages`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, "the .mo is older than the .po"


def test_every_chinese_string_is_translated():
    catalog = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


def test_chinese_is_the_default_and_english_available():
    assert gettext("In force") == "现行有效"
    with translation.override("en"):
        assert gettext("In force") == "In force"
