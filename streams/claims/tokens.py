"""Word tokens of folded text, each with the lookup forms that lexicon phrases match."""

from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import accumulate
from typing import NamedTuple

from streams.claims.morphology import CHAIN_ROLES, PROCLITICS, PRONOUN_SUFFIXES

_WORD_SPLIT = re.compile(r"([a-z\u0621-\u064a]+|[0-9]+(?:[.,][0-9]+)*|[%$€£])")

# Glued Arabic prefixes, longest first. A token yields every form left after removing one of
# them, so lexicons list bare words only.
_PREFIXES = tuple(sorted(filter(None, PROCLITICS), key=len, reverse=True))
# ه alone needs a longer stem than other pronouns since it is also the folded ta marbuta.
_MIN_STEM = {False: 4, True: 3}


class Token(NamedTuple):
    """One word of folded text: its span, its text and the forms a lexicon may know it by."""

    start: int
    end: int
    text: str

    @property
    def forms(self) -> tuple[str, ...]:
        """The word itself, then the word without each glued prefix or suffix it may carry."""
        return _forms(self.text)[0]

    @property
    def roles(self) -> tuple[str | None, ...]:
        """Per form: ``at`` or ``to`` when the form was found behind a glued preposition."""
        return _forms(self.text)[1]


_new_token = partial(tuple.__new__, Token)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with absolute offsets; forms are looked up on demand."""
    stop = len(text) if end is None else end
    # The hot path of extraction, kept in C: split() alternates separators and words, the
    # running sum of their lengths gives every offset, and no Match object is made.
    parts = _WORD_SPLIT.split(text[start:stop])
    offsets = list(accumulate(map(len, parts), initial=start))
    return list(map(_new_token, zip(offsets[1:-1:2], offsets[2::2], parts[1::2], strict=True)))


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
                roles.append(CHAIN_ROLES.get(prefix))
    # Attached pronouns (مقاتليها، مصرعهم، عناصره، حصيلتها) come last: a lexicon word that
    # happens to end like a pronoun still matches whole first.
    for form, role in list(zip(forms, roles, strict=True)):
        for bare in _without_pronoun(form):
            if bare not in forms:
                forms.append(bare)
                roles.append(role)
    return tuple(forms), tuple(roles)


def _without_pronoun(word: str) -> tuple[str, ...]:
    for suffix in PRONOUN_SUFFIXES:
        stem = word[: -len(suffix)]
        if suffix == "ه" and stem.endswith("ي"):
            # يه is far more often the feminine adjective ending ية (المدنية) than a pronoun.
            continue
        if word.endswith(suffix) and len(stem) >= _MIN_STEM[len(suffix) > 1]:
            # A ta marbuta turns into ت before a pronoun: حصيلتها is حصيله + ها.
            return (stem, stem[:-1] + "ه") if stem.endswith("ت") else (stem,)
    return ()


def _english_forms(word: str) -> tuple[str, ...]:
    # Plural and possessive endings: lexicons list the singular and the irregular forms.
    if word.endswith("ies") and len(word) > 4:
        return (word, word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        return (word, word[:-2], word[:-1])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return (word, word[:-1])
    return (word,)
