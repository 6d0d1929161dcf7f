"""Chinese numerals as used in the numbering of legal texts (第十二条,
第三章, 二十个工作日)."""

DIGITS = "零一二三四五六七八九"
_DIGIT_VALUES = {c: i for i, c in enumerate(DIGITS)} | {"两": 2, "〇": 0}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def to_chinese(number: int) -> str:
    """Returns the Chinese numeral for 1 ≤ number ≤ 9999 in the style of
    legal texts: 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.

    Raises ValueError outside that range."""
    if not 1 <= number <= 9999:
        raise ValueError(f"{number} is outside 1–9999")
    parts = []
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, value)
        if digit:
            if pending_zero:
                parts.append("零")
            parts.append(DIGITS[digit] + unit)
            pending_zero = False
        elif parts:
            pending_zero = True
    text = "".join(parts)
    # 一十二 is written 十二 when the tens lead.
    return text[1:] if text.startswith("一十") else text


def from_chinese(text: str) -> int:
    """Returns the integer value of a Chinese numeral such as 十二, 四十三,
    一百零五 or 两.

    Raises ValueError if ``text`` is empty or not a well-formed numeral."""
    if not text:
        raise ValueError("empty numeral")
    total = 0
    digit = None
    last_unit = 10_000
    for char in text:
        if char in _DIGIT_VALUES:
            if digit is not None and digit != 0:
                raise ValueError(f"malformed numeral {text!r}")
            digit = _DIGIT_VALUES[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit >= last_unit:
                raise ValueError(f"malformed numeral {text!r}")
            total += (1 if digit is None else digit) * unit
            if digit == 0:
                raise ValueError(f"malformed numeral {text!r}")
            digit = None
            last_unit = unit
        else:
            raise ValueError(f"{char!r} is not a Chinese numeral")
    if digit:
        total += digit
    if total == 0:
        raise ValueError(f"malformed numeral {text!r}")
    return total
