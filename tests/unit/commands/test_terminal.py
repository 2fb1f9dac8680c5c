"""Terminal-safe text: control and bidi characters shown escaped, everything else untouched."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.commands.terminal import UNSAFE, terminal_json, terminal_text

UNSAFE_CHARS = [chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)]] + list(
    "\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
HOSTILE = st.text(alphabet=st.one_of(st.sampled_from(UNSAFE_CHARS), st.characters()), max_size=60)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | HOSTILE,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(HOSTILE, children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b[HReuters", "\\x1b[2J\\x1b[HReuters"),
        ("\x1b]0;pwned\x07AP", "\\x1b]0;pwned\\x07AP"),
        ("fake\rReal Wire", "fake\\rReal Wire"),
        ("two\nlines\tand a tab", "two\\nlines\\tand a tab"),
        ("\x9b31mC1 CSI\x7f", "\\x9b31mC1 CSI\\x7f"),
        ("\u202eevil\u202c wire", "\\u202eevil\\u202c wire"),
        ("\u2066isolate\u2069 \u2028", "\\u2066isolate\\u2069 \\u2028"),
        ("وكالة الأنباء\u200f (RLM stays)", "وكالة الأنباء\u200f (RLM stays)"),
        ("Reuters — 2,122 (2023-09-11)", "Reuters — 2,122 (2023-09-11)"),
    ],
)
def test_unsafe_characters_are_shown_as_escapes(text: str, shown: str) -> None:
    assert terminal_text(text) == shown


@given(HOSTILE)
def test_no_unsafe_character_reaches_the_terminal(text: str) -> None:
    assert not UNSAFE.search(terminal_text(text))
    assert not UNSAFE.search(terminal_json(json.dumps(text, ensure_ascii=False)))


@given(st.text(alphabet=st.characters(codec="utf-8")).filter(lambda t: not UNSAFE.search(t)))
def test_safe_text_is_printed_unchanged(text: str) -> None:
    assert terminal_text(text) == text


@given(JSON_VALUES, st.sampled_from([None, 1, "\t"]))
def test_safe_json_means_what_the_json_meant(value: object, indent: int | str | None) -> None:
    # indent puts newlines and tabs between tokens: they stay white space, as spaces.
    document = json.dumps(value, ensure_ascii=False, indent=indent)
    safe = terminal_json(document)
    assert "\n" not in safe
    assert json.loads(safe) == value
