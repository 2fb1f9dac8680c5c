"""Lookup forms of tokens: glued prefixes and attached pronouns give the bare lexicon word."""

from __future__ import annotations

import pytest

from streams.claims.tokens import tokenize


@pytest.mark.parametrize(
    ("word", "bare"),
    [
        ("مقاتليها", "مقاتلي"),
        ("مقاتليهم", "مقاتلي"),
        ("مصرعهم", "مصرع"),
        ("حتفهم", "حتف"),
        ("عناصره", "عناصر"),
        ("حصيلتها", "حصيله"),
        ("وبحصيلتها", "حصيله"),
        ("للمرصد", "مرصد"),
    ],
)
def test_pronoun_suffix_and_prefix_are_stripped_for_lookup(word: str, bare: str) -> None:
    (token,) = tokenize(word)
    assert token.forms[0] == word
    assert bare in token.forms


@pytest.mark.parametrize(
    ("word", "not_a_form"),
    [("المدنيه", "مدني"), ("الامريكيه", "امريكي"), ("منهم", "من"), ("انها", "ان"), ("عاده", "عاد")],
)
def test_feminine_endings_and_short_stems_are_not_read_as_pronouns(
    word: str, not_a_form: str
) -> None:
    (token,) = tokenize(word)
    assert not_a_form not in token.forms


def test_tokens_carry_absolute_offsets_of_words_digits_and_signs() -> None:
    text = "xx قتل 1,500 شخص، و$20 "
    tokens = tokenize(text, 3)
    assert [(t.text, text[t.start : t.end]) for t in tokens] == [
        ("قتل", "قتل"),
        ("1,500", "1,500"),
        ("شخص", "شخص"),
        ("و", "و"),
        ("$", "$"),
        ("20", "20"),
    ]
