"""Sentence and clause splitting keeps numbers, decimals and abbreviations whole."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from streams.text.sentences import clause_spans, sentence_spans


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
