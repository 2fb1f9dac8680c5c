"""Qualifier words around a number: about, at least, at most (نحو، أكثر من، ما يصل إلى)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple, cast

from schemas.observation import Qualifier
from streams.claims.lexicon import load_lexicon
from streams.claims.morphology import CONJUNCTION, PREPOSITION
from streams.claims.numbers_lexicon import LANGUAGES
from streams.claims.numbers_regex import WORD_END, WORD_START, folded_phrases, trie_pattern

_WINDOW = 60
_AFTER_WORDS = 3
_BACK = 24
_VERB_WORDS = 3
_VERB_BACK = 60
"""Characters searched before a number for a verb of exceeding: the verb and three words."""


class QualifierMatch(NamedTuple):
    """A qualifier phrase found next to a number, with its span in the folded text."""

    qualifier: Qualifier
    start: int
    end: int
    beside: bool = True
    """False when words stand between the phrase and the number (تجاوز عدد الإصابات 100)."""


@dataclass(frozen=True, slots=True)
class _Patterns:
    before: re.Pattern[str]
    verbs: re.Pattern[str]
    after: re.Pattern[str]


def _groups(phrases: dict[str, list[str]]) -> str:
    # No phrases (English has no verbs that stand apart) must match nothing, not everything.
    return (
        "|".join(
            f"(?P<{qualifier}>{trie_pattern(folded_phrases(words))})"
            for qualifier, words in phrases.items()
        )
        or "(?!)"
    )


@cache
def _patterns(language: str) -> _Patterns:
    languages = (language,) if language in LANGUAGES else LANGUAGES
    phrases: dict[str, dict[str, list[str]]] = {"before": {}, "verbs": {}, "after": {}}
    for lang in languages:
        data = load_lexicon(f"qualifiers_{lang}")
        for place, merged in phrases.items():
            for qualifier, words in data[place].items():
                merged.setdefault(qualifier, []).extend(words)
    before, verbs, after = phrases["before"], phrases["verbs"], phrases["after"]
    return _Patterns(
        # A glued conjunction or preposition may precede the phrase (ونحو, بنحو, بما يزيد);
        # an article may follow it (about a thousand).
        before=re.compile(
            WORD_START
            + f"{CONJUNCTION}{PREPOSITION}(?:{_groups(before)})"
            + r"\s+(?:an?\s+|the\s+)?\Z"
        ),
        # A verb may have its counted noun between it and the number (تجاوز عدد الإصابات 100).
        verbs=re.compile(
            WORD_START
            + f"{CONJUNCTION}(?:{_groups(verbs)})"
            + rf"(?:\s+[^\W\d_]+){{0,{_VERB_WORDS}}}\s+\Z"
        ),
        # The phrase may follow the number directly or a few words later (200 مقاتل تقريبا,
        # 250 أجنبيا مؤيدا لداعش على الأقل); punctuation between them ends the search.
        after=re.compile(
            rf"\s*(?:[^\W\d_]+\s+){{0,{_AFTER_WORDS}}}(?:{_groups(after)})" + WORD_END
        ),
    )


def qualifier_before(text: str, value_start: int, language: str) -> QualifierMatch | None:
    """The qualifier phrase ending right before ``value_start``, or a verb a few words before."""
    patterns = _patterns(language)
    found = _found(patterns.before.search(text, max(0, value_start - _BACK), value_start))
    if found is not None:
        return found
    verb = _found(patterns.verbs.search(text, max(0, value_start - _VERB_BACK), value_start))
    if verb is None or not text[verb.end : value_start].strip():
        return verb
    return verb._replace(beside=False)


def qualifier_after(text: str, value_end: int, language: str) -> QualifierMatch | None:
    """The qualifier phrase right after ``value_end`` (or a few words later), if any."""
    match = _patterns(language).after.match(text, value_end, value_end + _WINDOW)
    return _found(match)


def _found(match: re.Match[str] | None) -> QualifierMatch | None:
    if match is None or match.lastgroup is None:
        return None
    name = match.lastgroup
    return QualifierMatch(cast(Qualifier, name), match.start(name), match.end(name))
