"""Word tokens of folded text, each with the lookup forms that lexicon phrases match."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[a-z\u0621-\u064a]+|[0-9]+(?:[.,][0-9]+)*|[%$€£]")

# Glued Arabic prefixes (conjunctions, prepositions, the article), longest first. A token
# yields every form left after removing one of them, so lexicons list bare words only.
_PREFIXES: tuple[str, ...] = ("وبال", "وكال", "ولل", "وال", "فال", "بال", "كال", "لل", "وب", "ول")
_PREFIXES += ("فب", "فل", "وك", "ال", "و", "ف", "ب", "ل", "ك")
_PREPOSITION_ROLE = {"ب": "at", "لل": "to", "ل": "to", "وب": "at", "وبال": "at", "بال": "at"}
_PREPOSITION_ROLE |= {"ول": "to", "ولل": "to", "فب": "at", "فل": "to"}


@dataclass(frozen=True, slots=True)
class Token:
    """One word of folded text: its span, its text and the forms a lexicon may know it by."""

    start: int
    end: int
    text: str
    forms: tuple[str, ...]
    """The word itself, then the word without each glued prefix it may carry."""
    roles: tuple[str | None, ...]
    """Per form: ``at`` or ``to`` when the form was found behind a glued preposition (ب، ل)."""


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with absolute offsets."""
    stop = len(text) if end is None else end
    return [_token(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, start, stop)]


def _token(start: int, end: int, word: str) -> Token:
    forms, roles = _forms(word)
    return Token(start, end, word, forms, roles)


# News vocabulary repeats: each distinct word is analysed once per process.
@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[tuple[str, ...], tuple[str | None, ...]]:
    if not ("\u0621" <= word[0] <= "\u064a"):
        english = _english_forms(word)
        return english, (None,) * len(english)
    forms = [word]
    roles: list[str | None] = [None]
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            form = word[len(prefix) :]
            if form not in forms:
                forms.append(form)
                roles.append(_PREPOSITION_ROLE.get(prefix))
    return tuple(forms), tuple(roles)


def _english_forms(word: str) -> tuple[str, ...]:
    # Plural and possessive endings: lexicons list the singular and the irregular forms.
    if word.endswith("ies") and len(word) > 4:
        return (word, word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        return (word, word[:-2], word[:-1])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return (word, word[:-1])
    return (word,)
