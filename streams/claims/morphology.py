"""Arabic clitics and function words, from one data file, in the shapes each reader needs."""

from __future__ import annotations

from streams.claims.lexicon import load_lexicon
from streams.claims.numbers_regex import trie_pattern
from streams.text.normalize import fold

_DATA = load_lexicon("morphology")
_ARABIC = _DATA["ar"]

_CONJUNCTION_ROLES: dict[str, str] = {fold(c): r for c, r in _ARABIC["conjunctions"].items()}
CONJUNCTIONS: tuple[str, ...] = tuple(_CONJUNCTION_ROLES)
"""Glued conjunctions (و، ف): the first clitic of a word."""
AND_CLITIC: str = next(c for c, role in _CONJUNCTION_ROLES.items() if role == "and")
"""The glued conjunction and (و): it joins a number word to the number before it."""
PREPOSITION_ROLES: dict[str, str | None] = {fold(p): r for p, r in _ARABIC["prepositions"].items()}
"""Glued prepositions (ب، ك، ل) and what a place after them is: ``at``, ``to`` or None."""
ARTICLE: str = fold(_ARABIC["article"])
_CONTRACTIONS: dict[str, str] = {fold(k): fold(v) for k, v in _ARABIC["contractions"].items()}


def _with_article(preposition: str) -> str:
    joined = preposition + ARTICLE
    return _CONTRACTIONS.get(joined, joined)


_INNER = ("", *PREPOSITION_ROLES, ARTICLE, *map(_with_article, PREPOSITION_ROLES))
PROCLITICS: tuple[str, ...] = tuple(c + i for c in ("", *CONJUNCTIONS) for i in _INNER)
"""Every chain of glued prefixes, the empty one first; a chain comes before any it starts."""
PROCLITIC = trie_pattern(PROCLITICS)
"""Regex fragment: any chain of glued prefixes, or none (و، بال، ولل)."""
CONJUNCTION = trie_pattern(("", *CONJUNCTIONS))
"""Regex fragment: a glued conjunction, or none."""
PREPOSITION = trie_pattern(("", *PREPOSITION_ROLES))
"""Regex fragment: a glued preposition, or none."""
GLUED_TO_DIGITS = frozenset(
    c + p for c in ("", *CONJUNCTIONS) for p in ("", *PREPOSITION_ROLES)
) - {""}
"""Chains that may glue to digits (و20، ب20); the article before digits (الـ20) is an ordinal."""
CHAIN_ROLES: dict[str, str] = {
    c + form: role
    for c in ("", *CONJUNCTIONS)
    for p, role in PREPOSITION_ROLES.items()
    if role is not None
    for form in (p, _with_article(p))
}
"""Chains holding a preposition with a role (وب، بال، لل) to that role."""
PRONOUN_SUFFIXES: tuple[str, ...] = tuple(
    sorted((fold(s) for s in _ARABIC["pronoun_suffixes"]), key=len, reverse=True)
)
"""Attached pronouns (ها، هم، ه), longest first."""


def _function_words(kind: str) -> frozenset[str]:
    return frozenset(fold(w) for words in _DATA["function_words"][kind].values() for w in words)


BEFORE_BLOCKERS = _function_words("before_blockers")
"""Words that attach what precedes them elsewhere: "strike on 20 January" is not 20 strikes."""
TO_WORDS = _function_words("to")
"""Words pointing at a destination (إلى، towards, ranks: joined the ranks of)."""
FROM_WORDS = _function_words("from")
"""Words pointing at an origin (من، from)."""
SINCE_WORDS = _function_words("since")
"""Words opening a counting period (since, منذ): the date after them is not an event's day."""
AT_WORDS = _function_words("at")
"""Words that place what follows them (في، in, across): a place after a figure needs one."""
AND_WORDS = _function_words("and")
"""Coordinating words (و، أو، and, or)."""
DIRECTIONS = _function_words("directions")
"""Words of direction before a place (southern Turkey, شمال سوريا)."""
OF_WORDS = _function_words("of")
"""Words that attach a noun to the one before it (of, from, من): the death toll from the flood."""
WITH_WORDS = _function_words("with")
"""Words that join a count to the one before it (مع، with): 2 new cases with 1 death."""
COPULAS = _function_words("copulas")
"""Verbs between a bare figure and the casualty verb that counts it (113 are missing)."""
RELATIVE = _function_words("relative")
"""Words that open a relative clause after a noun (who, الذين)."""
DETERMINERS = _function_words("determiners")
"""Words between a preposition and its noun (in the attacks)."""
AFTER_BARE = _function_words("after_bare")
FUNCTION_WORDS = frozenset().union(*map(_function_words, _DATA["function_words"]))
"""Every function word of every class."""
"""Words that start what follows a bare figure (killed 2,000 in the quake), not its noun."""
