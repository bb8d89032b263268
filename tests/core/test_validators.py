"""apps.core.validators: the one check for control characters in text that comes in."""

import pytest
from django.core.exceptions import ValidationError

from apps.core.validators import (
    control_character_in,
    control_character_message,
    no_control_characters,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a\x00b", "U+0000"),
        ("\x0b", "U+000B"),
        ("\x1f", "U+001F"),
        ("x\x7f", "U+007F"),
        ("\x85", "U+0085"),
        ("\ufffe", "U+FFFE"),
        ("\uffff", "U+FFFF"),
        ("ok\x01then\x02", "U+0001"),  # the first one found
    ],
)
def test_control_characters_are_named(text, code):
    assert control_character_in(text) == code


def test_tabs_line_breaks_and_vietnamese_are_text():
    assert control_character_in("Dòng 1\r\n\tDòng 2 — Đảng ủy ✓") is None
    assert control_character_in("") is None


def test_the_validator_refuses_with_the_message_and_ignores_non_text():
    with pytest.raises(ValidationError) as refused:
        no_control_characters("Hall\x0bA")
    assert refused.value.code == "control_character"
    assert refused.value.messages == [control_character_message("U+000B")]
    assert control_character_message("U+000B") == (
        "Có ký tự điều khiển không hợp lệ (U+000B); hãy xóa ký tự đó rồi gửi lại."
    )
    assert no_control_characters(42) is None and no_control_characters(None) is None
