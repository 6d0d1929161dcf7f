"""统一社会信用代码 (GB 32100-2015) check characters."""

import pytest
from django.core.exceptions import ValidationError

from applications.uscc import uscc_check_character, validate_uscc

# Published codes whose check characters are right.
VALID = ["91350100M000100Y43", "91110000600037341L"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    validate_uscc(code)
    validate_uscc(code.lower())
    validate_uscc(f" {code[:9]} {code[9:]} ")


def test_the_check_character_is_computed():
    assert uscc_check_character("91350100M000100Y4") == "3"


def test_a_wrong_check_character_is_refused_with_the_right_one():
    with pytest.raises(ValidationError) as info:
        validate_uscc("91350100M000100Y44")
    assert info.value.code == "uscc_check"
    assert "3" in info.value.messages[0]


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y4", "uscc_length"),
        ("91350100M0001O0Y43", "uscc_alphabet"),
        ("9135A100M000100Y43", "uscc_shape"),
    ],
)
def test_malformed_codes_say_why(code, error):
    with pytest.raises(ValidationError) as info:
        validate_uscc(code)
    assert info.value.code == error
