"""Split folded text into sentences and clauses, as ``(start, end)`` offsets into that text."""

from __future__ import annotations

import re
from collections.abc import Iterator

Span = tuple[int, int]

# A sentence ends at a line break, or at . ! ? ؟ followed by space, a quote or the end. A dot
# between digits is a decimal point and is not matched because a space must follow.
_SENTENCE_END = re.compile(r"\n+|[.!?؟…]+(?=[\s\"'»”)\]]|$)[\"'»”)\]]*")
# Clause separators: Arabic and Latin commas and semicolons, colons and dashes set off by
# spaces. A comma between digits is a thousands separator, not a clause boundary.
# Contrastive conjunctions also start a clause: "2.6 million remain displaced while 3.2
# million have returned" (while, whereas, فيما، بينما، في حين).
# Every branch starts with the character it matches (the comma's digit check looks back from
# behind it), so the regex engine skips ahead to candidate characters.
_CLAUSE_END = re.compile(
    r",(?<!\d,)|,(?!\d)|[،؛;:]|\s[-–—]\s|\s(?=(?:while|whereas|و?فيما|و?بينما|في حين)\s)"
)
# Dots that end abbreviations rather than sentences: initials (u.s.) and common titles.
_ABBREVIATION = re.compile(r"(?:^|[^a-z])(?:[a-z]|mr|mrs|ms|dr|st|no|gen|col|lt|sgt|jr|sr|vs)$")


_BACK_WINDOW = 512


def sentence_spans(text: str) -> list[Span]:
    """Sentences of ``text`` as spans with surrounding whitespace trimmed; empty ones dropped."""
    return list(iter_sentence_spans(text))


def iter_sentence_spans(text: str) -> Iterator[Span]:
    """The spans of ``sentence_spans(text)`` one by one: a reader of the first few stops early."""
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _abbreviation(text, match):
            continue
        _append_trimmed(text, start, match.end(), spans)
        yield from spans
        spans.clear()
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    yield from spans


def sentence_of(text: str, index: int, floor: int = 0) -> Span | None:
    """The sentence of ``sentence_spans(text)`` holding the word character at ``index``.

    Reads only around ``index``, so finding the sentences of a few figures costs far less
    than splitting the whole text. ``floor`` is a position at or before ``index`` where no
    sentence is open (0, or the end of an earlier sentence): the search back stops there.
    None when ``index`` is not inside any sentence.
    """
    finish = len(text)
    for match in _SENTENCE_END.finditer(text, index):
        if not _abbreviation(text, match):
            finish = match.end()
            break
    begin = _sentence_start(text, index, floor)
    spans: list[Span] = []
    _append_trimmed(text, begin, finish, spans)
    if spans and spans[0][0] <= index < spans[0][1]:
        return spans[0]
    return None


def _sentence_start(text: str, index: int, floor: int) -> int:
    """End of the last sentence break before ``index`` (``floor`` when there is none)."""
    window = _BACK_WINDOW
    while True:
        low = max(floor, index - window)
        # One character past ``index`` so that "$" in the lookahead cannot fire at ``index``.
        breaks = list(_SENTENCE_END.finditer(text, low, index + 1))
        for match in reversed(breaks):
            if match.end() <= index and not _abbreviation(text, match):
                return match.end()
        if low == floor:
            return floor
        window *= 4


_MONTH = re.compile(r"(?:^|[^a-z])(?:jan|feb|aug|sept|sep|oct|nov|dec)$")
_DAY_AFTER = re.compile(r" [0-9]{1,2}\b")


def _abbreviation(text: str, match: re.Match[str]) -> bool:
    if match.group(0)[0] != ".":
        return False
    before = text[max(0, match.start() - 5) : match.start()]
    if _ABBREVIATION.search(before[-4:]) is not None:
        return True
    # Wire copy abbreviates months before a day: "the Nov. 13 attacks", "Sept. 28".
    return (
        _MONTH.search(before) is not None and _DAY_AFTER.match(text, match.start() + 1) is not None
    )


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
    # str.strip() drops exactly the characters str.isspace() accepts, in C.
    segment = text[start:end]
    kept = segment.strip()
    if kept:
        start += len(segment) - len(segment.lstrip())
        spans.append((start, start + len(kept)))
