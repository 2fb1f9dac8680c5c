"""Related-link blocks of a page, blanked out before its figures are read.

Pages print the headlines of other stories inside or after a report ("Read also:",
«اقرأ أيضا», "(Read more: ...)"): their figures are another story's, and a quake's toll in a
link under a flood report would start a quake story in the flood's country. The blocks are
replaced by spaces in the folded text, so every offset still maps back to the body.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from streams.claims.lexicon import load_lexicon
from streams.text.normalize import Normalized, fold

_LINE_OPENING = r"^[ \t>»•*·\-–—|]*"
_CLOSERS = "\"'”’»)]"
_HEADER_END = r"[ \t]*(?::|[ \t]-(?:[ \t]|$)|$)"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], int, int]:
    data = load_lexicon("related_links")
    headers = sorted(
        {" ".join(fold(h).split()) for forms in data["headers"].values() for h in forms},
        key=len,
        reverse=True,
    )
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in headers)
    line = re.compile(rf"{_LINE_OPENING}(?:{alternatives}){_HEADER_END}", re.MULTILINE)
    bracketed = re.compile(rf"\(\s*(?:{alternatives})\s*:[^()\n]*\)")
    return line, bracketed, int(data["max_headline_words"]), int(data["max_block_lines"])


def without_related_links(norm: Normalized) -> Normalized:
    """``norm`` with every related-link block of its folded text replaced by spaces."""
    line_header, bracketed, max_words, max_lines = _patterns()
    text = norm.text
    spans = [m.span() for m in bracketed.finditer(text)]
    for match in line_header.finditer(text):
        end = text.find("\n", match.end())
        end = len(text) if end < 0 else end
        if not text[match.end() : end].strip():
            end = _block_end(text, end, max_words, max_lines)
        spans.append((match.start(), end))
    if not spans:
        return norm
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return replace(norm, text="".join(chars))


def _block_end(text: str, end: int, max_words: int, max_lines: int) -> int:
    """End of the headline lines after a header that stands alone on its line.

    A headline is short and ends with no full stop; the report's next paragraph is neither.
    The block ends at the first blank line after a headline.
    """
    taken = 0
    for _ in range(max_lines):
        if end >= len(text):
            break
        following = text.find("\n", end + 1)
        following = len(text) if following < 0 else following
        line = text[end + 1 : following].strip()
        if not line and taken:
            break
        if line and (len(line.split()) > max_words or line.rstrip(_CLOSERS).endswith((".", "۔"))):
            break
        taken += bool(line)
        end = following
    return end
