"""Where sentences end: abbreviations and wire-copy month abbreviations do not end one."""

from __future__ import annotations

import pytest

from streams.text.sentences import iter_sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in iter_sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("the toll from the nov. 13 attacks rose to 130. another 99 are critical.", 2),
        ("the quake struck on sept. 28 near palu. rescuers arrived.", 2),
        ("dr. smith said 40 died. the toll may rise.", 2),
        # A month abbreviation with no day after it may end the sentence.
        ("the attacks killed 129 in nov. the city mourned.", 2),
    ],
)
def test_a_dot_ends_a_sentence_unless_it_ends_an_abbreviation(text: str, count: int) -> None:
    assert len(_sentences(text)) == count
