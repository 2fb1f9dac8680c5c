"""Fold Arabic and English text for matching while keeping a map back to the original.

Folding: NFKC for compatibility characters; tatweel, diacritics and invisible bidi/format
controls removed; alef forms unified to bare alef, alef maqsura to ya, ta marbuta to ha;
Arabic-Indic and Eastern Arabic-Indic digits to ASCII, the Arabic thousands and decimal
separators to ``,`` and ``.``; every space-like character to a plain space; lower case.

Every folded character maps back to one original index, so any span found in the folded
text gives an exact slice ``original[start:end]``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_ONE_TO_ONE: dict[int, str] = {
    **{ord(c): "ا" for c in "أإآٱٲٳ"},
    ord("ى"): "ي",
    ord("ی"): "ي",
    ord("ة"): "ه",
    ord("ک"): "ك",
    **{0x0660 + d: str(d) for d in range(10)},
    **{0x06F0 + d: str(d) for d in range(10)},
    0x066C: ",",  # ARABIC THOUSANDS SEPARATOR
    0x066B: ".",  # ARABIC DECIMAL SEPARATOR
    0x066A: "%",  # ARABIC PERCENT SIGN
    0x2212: "-",  # MINUS SIGN
    0x2010: "-",
    0x2011: "-",
    0x2013: "-",  # en dash, common in ranges
    0x2014: "-",
    0x00A0: " ",
    0x2007: " ",
    0x202F: " ",
    0x3000: " ",
    0x0009: " ",
    0x000B: " ",
    0x000C: " ",
    0x2028: "\n",
    0x2029: "\n",
    0x000D: "\n",
}
_TABLE = str.maketrans(_ONE_TO_ONE)
# The same one-to-one map as (source, target) pairs: no target is also a source, so replacing
# one character after another equals ``translate``, and ``str.replace`` scans in C at memchr
# speed, an order of magnitude faster than ``translate`` on Arabic text.
_PAIRS: tuple[tuple[str, str], ...] = tuple((chr(k), v) for k, v in _ONE_TO_ONE.items())

# Removed outright: harakat and Quranic marks, superscript alef, tatweel, zero-width and bidi
# controls. They carry no meaning for matching and hostile input uses them to split tokens.
_DELETE = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u061c\u180e"
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+"
)
# Characters whose NFKC form differs (presentation forms, fullwidth, ligatures): rare in
# news, so they take a slower per-character path.
_NEEDS_NFKC = re.compile("[\ufb50-\ufdff\ufe70-\ufefe\uff00-\uffef\u2000-\u200a\u2160-\u217f]")


@dataclass(frozen=True, slots=True)
class Normalized:
    """Folded text plus the map from folded positions back to the original."""

    original: str
    text: str
    # Segment starts in folded positions and the original position at each start: inside a
    # segment the map is linear, so the map is as small as the number of edits.
    _starts: tuple[int, ...]
    _origins: tuple[int, ...]

    def to_original(self, index: int) -> int:
        """Original index of the folded character at ``index`` (``len(text)`` maps to the end)."""
        if index >= len(self.text):
            return len(self.original)
        if len(self._starts) == 1:
            return self._origins[0] + index
        seg = bisect_right(self._starts, index) - 1
        return self._origins[seg] + (index - self._starts[seg])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the folded span ``[start, end)``."""
        if end <= start:
            begin = self.to_original(start)
            return begin, begin
        return self.to_original(start), self.to_original(end - 1) + 1

    def slice(self, start: int, end: int) -> str:
        """The original text behind the folded span ``[start, end)``."""
        begin, finish = self.span(start, end)
        return self.original[begin:finish]


def fold(text: str) -> str:
    """Folded text without the offset map: for lexicon entries, fingerprints and shingles."""
    if _NEEDS_NFKC.search(text):
        return _normalize_slow(text).text
    lowered = _one_to_one(text).lower()
    if len(lowered) != len(text):
        return _normalize_slow(text).text
    return _DELETE.sub("", lowered)


def _one_to_one(text: str) -> str:
    for source, target in _PAIRS:
        if source in text:
            text = text.replace(source, target)
    return text


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching and keep the map back to it."""
    if _NEEDS_NFKC.search(text):
        return _normalize_slow(text)
    lowered = _one_to_one(text).lower()
    if len(lowered) != len(text):
        return _normalize_slow(text)
    if _DELETE.search(lowered) is None:
        return Normalized(text, lowered, (0,), (0,))
    starts = [0]
    origins = [0]
    pieces = []
    kept = 0
    position = 0
    for match in _DELETE.finditer(lowered):
        pieces.append(lowered[position : match.start()])
        kept += match.start() - position
        position = match.end()
        starts.append(kept)
        origins.append(position)
    pieces.append(lowered[position:])
    return Normalized(text, "".join(pieces), tuple(starts), tuple(origins))


def _normalize_slow(text: str) -> Normalized:
    out: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    folded_len = 0
    for index, char in enumerate(text):
        if _DELETE.match(char):
            continue
        piece = unicodedata.normalize("NFKC", char).translate(_TABLE).lower()
        piece = _DELETE.sub("", piece)
        for produced in piece:
            expected = origins[-1] + (folded_len - starts[-1]) if starts else -1
            # Every character of an expansion (a ligature's letters) maps back to its source.
            if index != expected:
                starts.append(folded_len)
                origins.append(index)
            out.append(produced)
            folded_len += 1
    if not starts:
        starts, origins = [0], [0]
    return Normalized(text, "".join(out), tuple(starts), tuple(origins))
