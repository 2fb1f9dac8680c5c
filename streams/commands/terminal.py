"""Article text made safe to print on a terminal: control and bidi characters shown escaped.

Article fields are untrusted. Printed raw, an ESC starts a terminal command (clear the
screen, set the window title), a CR or BEL rewrites or hides what came before, and a bidi
override (U+202E) makes the rest of the line read backwards. Every command that prints
article-derived text passes it through :func:`terminal_text` (readable lines) or
:func:`terminal_json` (JSON lines), which show such characters escaped instead of dropping
them, so a reader sees that they were there.
"""

from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""C0 and C1 controls (ESC, CR, LF, TAB, BEL, CSI ...), DEL, the line and paragraph
separators, and the bidi embeddings, overrides and isolates. Bidi marks (LRM, RLM, ALM)
stay: they are common in Arabic text and reorder nothing beyond the punctuation around them."""

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Outside strings, JSON allows only these controls, as white space between tokens.
_JSON_SPACE = frozenset("\t\n\r")


def _escaped(char: str) -> str:
    code = ord(char)
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def terminal_text(text: str) -> str:
    r"""``text`` with every unsafe character written as its escape: ``\x1b``, ``\r``, ``\u202e``.

    Text without such characters comes back unchanged, Arabic and other scripts included.
    """
    return UNSAFE.sub(lambda m: _escaped(m.group()), text)


def terminal_json(text: str) -> str:
    r"""One JSON document with its unsafe characters written as JSON escapes (``\u202e``).

    The document means the same afterwards: in valid JSON a control character can only be
    white space between tokens (it becomes a space) and every other unsafe character can
    only sit inside a string, where ``\uXXXX`` stands for it.
    """

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        return " " if char in _JSON_SPACE else f"\\u{ord(char):04x}"

    return UNSAFE.sub(replace, text)
