from decimal import Decimal

import pytest

from applications.measures.numbers import plain_number
from applications.measures.numerals import from_chinese, to_chinese


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (43, "四十三"),
        (100, "一百"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1005, "一千零五"),
        (2020, "二千零二十"),
    ],
)
def test_to_chinese_writes_legal_numbering(number, text):
    assert to_chinese(number) == text


def test_round_trip_for_every_article_number():
    for number in range(1, 1000):
        assert from_chinese(to_chinese(number)) == number


def test_from_chinese_accepts_liang():
    assert from_chinese("两") == 2


@pytest.mark.parametrize("text", ["", "十十", "二三", "条", "零"])
def test_from_chinese_rejects_malformed(text):
    with pytest.raises(ValueError):
        from_chinese(text)


@pytest.mark.parametrize("number", [0, -1, 10000])
def test_to_chinese_rejects_out_of_range(number):
    with pytest.raises(ValueError):
        to_chinese(number)


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        (Decimal("1000.0"), "1000"),
        (Decimal("1000"), "1000"),
        (Decimal("1E+3"), "1000"),
        (Decimal("2.50"), "2.5"),
        (Decimal("0.5"), "0.5"),
        (20, "20"),
        (None, "None"),
    ],
)
def test_plain_number_writes_numbers_as_the_text_does(value, plain):
    assert str(plain_number(value)) == plain
    assert plain_number(value) == value
