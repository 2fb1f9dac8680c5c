"""Compile word lists into trie-shaped regular expressions that match in linear time."""

from __future__ import annotations

import re
from collections.abc import Iterable

from streams.text.normalize import fold

WORD_START = r"(?<![^\W\d_])"
"""Nothing letter-like just before: the match starts a word (digits may precede)."""
WORD_END = r"(?![^\W\d_])"
"""Nothing letter-like just after: the match ends a word."""


def folded_phrases(phrases: Iterable[str]) -> list[str]:
    """Fold lexicon phrases so they match folded text; inner whitespace becomes one space."""
    return sorted({" ".join(fold(phrase).split()) for phrase in phrases if phrase.strip()})


def trie_pattern(phrases: Iterable[str], space: str = r"\s+") -> str:
    """A regex source matching any of ``phrases``, longest first, shaped as a trie.

    A trie has no two branches that start with the same character, so the engine never
    re-scans a shared prefix; a space inside a phrase matches ``space`` (any run of
    whitespace unless told otherwise).
    """
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie, space) if trie else "(?!)"


def _node_pattern(node: dict[str, dict], space: str) -> str:
    ends_here = "" in node
    branches = [
        (space if char == " " else re.escape(char)) + _node_pattern(child, space)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body
