"""The character policy: its fast path agrees with the full class, and its escapes are inert."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from sourced_timeline.characters import (
    UNSAFE,
    UNSAFE_IN_FILE,
    printable,
    skeleton,
    unsafe_in_file,
    unsafe_in_value,
)


@pytest.mark.slow
def test_the_fast_check_agrees_with_the_full_class_for_every_code_point():
    for code in range(sys.maxunicode + 1):
        text = f"a{chr(code)}b"
        assert (unsafe_in_value(text) is not None) == (UNSAFE.search(text) is not None), hex(code)
        assert (unsafe_in_file(text) is not None) == (UNSAFE_IN_FILE.search(text) is not None), hex(code)


def test_every_format_control_and_line_separator_is_refused():
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        if unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") and character != "\n":
            assert UNSAFE.search(character), hex(code)


def test_ordinary_text_in_many_scripts_passes():
    for text in (
        "Zelensky – “talks” in Genève",
        "Зеленський",
        "زيلينسكي",
        "泽连斯基",
        "Ⅻ ½ €",
        "a\nb",
        "x\u00a0y",
    ):
        assert unsafe_in_value(text) is None, text


def test_printable_escapes_everything_that_could_start_a_line_or_hide():
    escaped = printable("a\n::error::x\r\u2028\u202e\x1b[31m\t\U000e0041")
    assert escaped == "a\\x0a::error::x\\x0d\\u2028\\u202e\\x1b[31m\\x09\\U000e0041"
    assert escaped.isprintable()


def test_look_alike_names_share_a_skeleton():
    assert skeleton("Russi\u0430") == skeleton("russia")
    assert skeleton("\uff32ussia") == skeleton("Russia")  # fullwidth R
    assert skeleton("Ukraine") != skeleton("Russia")
