"""Split folded text into sentences and clauses, as ``(start, end)`` offsets into that text."""

from __future__ import annotations

import re

Span = tuple[int, int]

# A sentence ends at a line break, or at . ! ? ؟ followed by space, a quote or the end. A dot
# between digits is a decimal point and is not matched because a space must follow.
_SENTENCE_END = re.compile(r"\n+|[.!?؟…]+(?=[\s\"'»”)\]]|$)[\"'»”)\]]*")
# Clause separators: Arabic and Latin commas and semicolons, colons and dashes set off by
# spaces. A comma between digits is a thousands separator, not a clause boundary.
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d)|[،؛;:]|\s[-–—]\s")
# Dots that end abbreviations rather than sentences: initials (u.s.) and common titles.
_ABBREVIATION = re.compile(r"(?:^|[^a-z])(?:[a-z]|mr|mrs|ms|dr|st|no|gen|col|lt|sgt|jr|sr|vs)$")


def sentence_spans(text: str) -> list[Span]:
    """Sentences of ``text`` as spans with surrounding whitespace trimmed; empty ones dropped."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.group(0)[0] == "." and _ABBREVIATION.search(
            text[max(0, match.start() - 4) : match.start()]
        ):
            continue
        _append_trimmed(text, start, match.end(), spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def clause_spans(text: str, start: int, end: int) -> list[Span]:
    """Clauses of the sentence ``text[start:end]`` as trimmed spans that cover it in order."""
    spans: list[Span] = []
    position = start
    for match in _CLAUSE_END.finditer(text, start, end):
        _append_trimmed(text, position, match.start(), spans)
        position = match.end()
    _append_trimmed(text, position, end, spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
