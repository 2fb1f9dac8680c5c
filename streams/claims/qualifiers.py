"""Qualifier words around a number: about, at least, at most (نحو، أكثر من، ما يصل إلى)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, cast

from schemas.observation import Qualifier
from streams.claims.lexicon import load_lexicon
from streams.claims.numbers_lexicon import LANGUAGES
from streams.claims.numbers_regex import WORD_END, WORD_START, folded_phrases, trie_pattern

_WINDOW = 60
_AFTER_WORDS = 3
_BACK = 24


class QualifierMatch(NamedTuple):
    """A qualifier phrase found next to a number, with its span in the folded text."""

    qualifier: Qualifier
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Patterns:
    before: re.Pattern[str]
    after: re.Pattern[str]


def _groups(phrases: dict[str, list[str]]) -> str:
    return "|".join(
        f"(?P<{qualifier}>{trie_pattern(folded_phrases(words))})"
        for qualifier, words in phrases.items()
    )


@cache
def _patterns(language: str) -> _Patterns:
    languages = (language,) if language in LANGUAGES else LANGUAGES
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for lang in languages:
        data = load_lexicon(f"qualifiers_{lang}")
        for qualifier, words in data["before"].items():
            before.setdefault(qualifier, []).extend(words)
        for qualifier, words in data["after"].items():
            after.setdefault(qualifier, []).extend(words)
    return _Patterns(
        # A glued conjunction or preposition may precede the phrase (ونحو, بنحو, بما يزيد);
        # an article may follow it (about a thousand).
        before=re.compile(WORD_START + f"[وف]?[بل]?(?:{_groups(before)})" + r"\s+(?:an?\s+)?\Z"),
        # The phrase may follow the number directly or a few words later (200 مقاتل تقريبا,
        # 250 أجنبيا مؤيدا لداعش على الأقل); punctuation between them ends the search.
        after=re.compile(
            rf"\s*(?:[^\W\d_]+\s+){{0,{_AFTER_WORDS}}}(?:{_groups(after)})" + WORD_END
        ),
    )


def qualifier_before(text: str, value_start: int, language: str) -> QualifierMatch | None:
    """The qualifier phrase ending right before ``value_start``, if any."""
    begin = max(0, value_start - _BACK)
    match = _patterns(language).before.search(text, begin, value_start)
    return _found(match)


def qualifier_after(text: str, value_end: int, language: str) -> QualifierMatch | None:
    """The qualifier phrase right after ``value_end`` (or a few words later), if any."""
    match = _patterns(language).after.match(text, value_end, value_end + _WINDOW)
    return _found(match)


def _found(match: re.Match[str] | None) -> QualifierMatch | None:
    if match is None or match.lastgroup is None:
        return None
    name = match.lastgroup
    return QualifierMatch(cast(Qualifier, name), match.start(name), match.end(name))
