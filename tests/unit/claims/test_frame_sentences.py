"""Sentence and clause splitting keeps numbers, decimals and abbreviations whole."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from streams.text.sentences import clause_spans, sentence_of, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_sentences_end_at_stops_and_line_breaks_not_decimals_or_initials() -> None:
    text = "the u.s. army said 3.5 people died. next one!\nقال المسؤول: نحو 30 ألف؟ نعم"
    assert _sentences(text) == [
        "the u.s. army said 3.5 people died.",
        "next one!",
        "قال المسؤول: نحو 30 ألف؟",
        "نعم",
    ]


def test_clauses_split_on_commas_but_not_thousands_separators() -> None:
    text = "نحو 30,000 مقاتل، عاد 1,500 منهم؛ وفر الباقون"
    assert [text[a:b] for a, b in clause_spans(text, 0, len(text))] == [
        "نحو 30,000 مقاتل",
        "عاد 1,500 منهم",
        "وفر الباقون",
    ]


@given(st.text(alphabet="ab .،,!\n؟1٫", max_size=60))
def test_spans_are_ordered_trimmed_and_inside_the_text(text: str) -> None:
    previous_end = 0
    for start, end in sentence_spans(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        for c_start, c_end in clause_spans(text, start, end):
            assert start <= c_start < c_end <= end
        previous_end = end


@given(st.text(alphabet="ab .،,!\n؟1٫u»", max_size=80))
def test_sentence_of_a_word_character_is_the_split_sentence_holding_it(text: str) -> None:
    spans = sentence_spans(text)
    for index, char in enumerate(text):
        if char.isalnum():
            holding = [(a, b) for a, b in spans if a <= index < b]
            assert sentence_of(text, index) == (holding[0] if holding else None)


def test_sentence_of_reads_back_past_a_long_sentence() -> None:
    text = "first one. " + "word " * 400 + "then 40 people. last"
    index = text.index("40")
    assert sentence_of(text, index) == next(
        (a, b) for a, b in sentence_spans(text) if a <= index < b
    )


@given(st.text(alphabet="ab .،,!\n؟1٫u»", max_size=80))
def test_sentence_of_from_the_end_of_an_earlier_sentence_finds_the_same_sentence(
    text: str,
) -> None:
    spans = sentence_spans(text)
    for (_, floor), (start, end) in pairwise(spans):
        for index in range(start, end):
            if text[index].isalnum():
                assert sentence_of(text, index, floor) == (start, end)
