"""The frame lexicons compiled into one phrase index over token forms, built once per process."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from streams.claims.lexicon import load_lexicon
from streams.claims.tokens import Token, tokenize
from streams.text.normalize import fold


@dataclass(frozen=True, slots=True)
class Phrase:
    """A lexicon phrase: which kind of word it is, the entry it names, and its word forms."""

    kind: str
    key: str
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """A phrase found at tokens ``[first, last)``; ``role`` comes from a glued preposition."""

    kind: str
    key: str
    first: int
    last: int
    role: str | None


class PhraseIndex:
    """Finds lexicon phrases in a token list, longest phrase first at each position."""

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        """Index ``phrases`` by their first word form."""
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            self._by_first.setdefault(phrase.words[0], []).append(phrase)
        for bucket in self._by_first.values():
            bucket.sort(key=lambda p: -len(p.words))

    def find(self, tokens: list[Token]) -> list[Match]:
        """All matches, at most one per kind at each token (the longest)."""
        found: list[Match] = []
        count = len(tokens)
        for index, token in enumerate(tokens):
            seen: set[str] = set()
            for form, role in zip(token.forms, token.roles, strict=True):
                for phrase in self._by_first.get(form, ()):
                    if phrase.kind in seen:
                        continue
                    last = index + len(phrase.words)
                    if last > count or not _rest_matches(phrase.words, tokens, index):
                        continue
                    seen.add(phrase.kind)
                    found.append(Match(phrase.kind, phrase.key, index, last, role))
        return found


def _rest_matches(words: tuple[str, ...], tokens: list[Token], index: int) -> bool:
    return all(word in tokens[index + k].forms for k, word in enumerate(words[1:], start=1))


def phrase_words(text: str, keep_article: bool = False) -> tuple[str, ...]:
    """Word forms of a lexicon phrase as tokens will offer them (folded, article stripped).

    Names keep their article: القاعدة is al-Qaeda, قاعدة is any base.
    """
    words = []
    for token in tokenize(fold(text)):
        word = token.text
        if not keep_article and word.startswith("ال") and len(word) >= 4:
            word = word[2:]
        words.append(word)
    return tuple(words)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every frame lexicon: the phrase index and each entry's attributes by kind and key."""

    index: PhraseIndex
    concepts: Mapping[str, Mapping[str, Any]]
    origins: Mapping[str, Mapping[str, Any]]
    predicates: Mapping[str, Mapping[str, Any]]
    groups: Mapping[str, Mapping[str, Any]]
    places: Mapping[str, Mapping[str, Any]]
    combinations: Mapping[frozenset[str], str]
    place_labels: Mapping[str, str]
    events: Mapping[str, Mapping[str, Any]]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Compile the frame lexicons (once per process)."""
    concepts = load_lexicon("concepts")
    predicates = load_lexicon("predicates")["predicates"]
    groups = load_lexicon("groups")["groups"]
    places = load_lexicon("places")
    events = load_lexicon("events")["events"]
    attribution = load_lexicon("attribution")
    phrases: list[Phrase] = []

    def add(kind: str, key: str, forms: Iterable[str]) -> None:
        for form in forms:
            words = phrase_words(form, keep_article=kind == "group")
            if words:
                phrases.append(Phrase(kind, key, words))

    for key, entry in concepts["concepts"].items():
        add("concept", key, [*entry["ar"], *entry["en"]])
    for lang_forms in concepts["anaphora"].values():
        add("anaphora", "-", lang_forms)
    for key, entry in concepts["origins"].items():
        add("origin", key, [*entry["ar"], *entry["en"]])
    for kind in ("origin_from", "measures", "reach_verbs"):
        for lang_forms in concepts[kind].values():
            add(kind, "-", lang_forms)
    for key, entry in predicates.items():
        add("predicate", key, [*entry["ar"], *entry["en"]])
    for key, entry in groups.items():
        add("group", key, [*entry["ar"], *entry["en"]])
    for key, entry in places["places"].items():
        add("place", key, [*entry["ar"], *entry["en"]])
        adjectives = entry.get("adjectives", {})
        add("place_adjective", key, [*adjectives.get("ar", ()), *adjectives.get("en", ())])
    for key, entry in events.items():
        add("event", key, [*entry["ar"], *entry["en"]])
    for kind in ("before_source", "after_source", "stops"):
        for lang_forms in attribution[kind].values():
            add(kind, "-", lang_forms)
    combinations = {
        frozenset(combo["members"]): key for key, combo in places["combinations"].items()
    }
    labels = {key: entry["label"] for key, entry in places["places"].items()}
    labels |= {key: combo["label"] for key, combo in places["combinations"].items()}
    return Vocabulary(
        index=PhraseIndex(phrases),
        concepts=concepts["concepts"],
        origins=concepts["origins"],
        predicates=predicates,
        groups=groups,
        places=places["places"],
        combinations=combinations,
        place_labels=labels,
        events=events,
    )
