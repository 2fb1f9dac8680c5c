"""The frame lexicons compiled into one phrase index over token forms, built once per process."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter
from typing import Any, NamedTuple

from streams.claims.gazetteer import with_gazetteer
from streams.claims.lexicon import load_lexicon
from streams.claims.tokens import Token, tokenize
from streams.text.normalize import fold


@dataclass(frozen=True, slots=True)
class Phrase:
    """A lexicon phrase: which kind of word it is, the entry it names, and its word forms."""

    kind: str
    key: str
    words: tuple[str, ...]


class Match(NamedTuple):
    """A phrase found at tokens ``[first, last)``; ``role`` comes from a glued preposition."""

    kind: str
    key: str
    first: int
    last: int
    role: str | None


# Per kind: the longer phrases a word may start, by their second word, each with its place in
# lookup order; and the one-word phrase that wins when none of them matches.
_Longer = dict[str, tuple[tuple[int, Phrase, str | None], ...]]
_Kinds = tuple[tuple[str, _Longer, tuple[str, str | None] | None], ...]
_UNSEEN: Any = object()


class _Plan(NamedTuple):
    """What a word may start: per kind (``kinds``), and in short for the common case."""

    kinds: _Kinds
    seconds: frozenset[str]
    """Every second word of the longer phrases: a next token with none of these forms
    continues none of them, and each kind's one-word phrase wins at once."""
    singles: tuple[tuple[str, str, str | None], ...]
    """``(kind, key, role)`` of each kind's one-word phrase, in the order of ``kinds``."""


class PhraseIndex:
    """Finds lexicon phrases in a token list, longest phrase first at each position."""

    _CACHE_LIMIT = 1 << 16

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        """Index ``phrases`` by their first word form."""
        self._by_first: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            self._by_first.setdefault(phrase.words[0], []).append(phrase)
        for bucket in self._by_first.values():
            bucket.sort(key=lambda p: -len(p.words))
        # Word -> what it may start, per kind: the longer phrases to try in lookup order and
        # the one-word phrase that wins when none of them matches (the lookup stops at the
        # first one-word phrase of a kind, as it always matches). None when it starts
        # nothing, as most words. News vocabulary repeats: each word is analysed once.
        self._starts: dict[str, _Plan | None] = {}

    def _plan(self, token: Token) -> _Plan | None:
        longer: dict[str, dict[str, list[tuple[int, Phrase, str | None]]]] = {}
        single: dict[str, tuple[str, str | None] | None] = {}
        order = 0
        for form, role in zip(token.forms, token.roles, strict=True):
            for phrase in self._by_first.get(form, ()):
                kind = phrase.kind
                if single.setdefault(kind, None) is not None:
                    continue
                if len(phrase.words) == 1:
                    single[kind] = (phrase.key, role)
                else:
                    # Keyed by the second word: a place name's first word ("new", "san") starts
                    # dozens of names, and the next token rules out all but a few of them.
                    by_second = longer.setdefault(kind, {})
                    by_second.setdefault(phrase.words[1], []).append((order, phrase, role))
                    order += 1
        kinds = tuple(
            (kind, {w: tuple(c) for w, c in longer.get(kind, {}).items()}, one)
            for kind, one in single.items()
        )
        plan: _Plan | None = None
        if kinds:
            seconds = frozenset(word for by_second in longer.values() for word in by_second)
            singles = tuple((kind, one[0], one[1]) for kind, _, one in kinds if one is not None)
            plan = _Plan(kinds, seconds, singles)
        if len(self._starts) >= self._CACHE_LIMIT:
            self._starts.clear()
        self._starts[token.text] = plan
        return plan

    def find(self, tokens: list[Token]) -> list[Match]:
        """All matches, at most one per kind at each token (the longest)."""
        # map() and compress() walk the tokens in C; Python only sees the few that start a
        # phrase.
        plans = list(map(self._starts.get, map(itemgetter(2), tokens), repeat(_UNSEEN)))
        if _UNSEEN in plans:
            for index, plan in enumerate(plans):
                if plan is _UNSEEN:
                    plans[index] = self._plan(tokens[index])
        found: list[Match] = []
        count = len(tokens)
        new = tuple.__new__
        for index in compress(range(count), plans):
            starts: _Plan = plans[index]  # type: ignore[assignment]
            # Most words continue no longer phrase (half start none): each kind's one-word
            # phrase, if any, without the next token's forms.
            following = tokens[index + 1].forms if starts.seconds and index + 1 < count else ()
            if starts.seconds.isdisjoint(following):
                for kind, key, role in starts.singles:
                    found.append(new(Match, (kind, key, index, index + 1, role)))
                continue
            for kind, longer, one in starts.kinds:
                candidates: list[tuple[int, Phrase, str | None]] = []
                if longer:
                    candidates = [c for form in following for c in longer.get(form, ())]
                    if len(candidates) > 1:
                        candidates.sort(key=itemgetter(0))
                for _order, phrase, role in candidates:
                    last = index + len(phrase.words)
                    if last <= count and _rest_matches(phrase.words, tokens, index):
                        found.append(new(Match, (kind, phrase.key, index, last, role)))
                        break
                else:
                    if one is not None:
                        found.append(new(Match, (kind, one[0], index, index + 1, one[1])))
        return found


_NUMBERED = {"months": "month", "weekdays": "weekday", "day_ordinals": "day_ordinal"}
"""Temporal lexicons keyed by number (month 1-12, weekday 0-6, day 1-31), and their kind."""
_NAMED_KINDS = frozenset({"concept", "place", "place_adjective"})


def without_named(matches: list[Match]) -> list[Match]:
    """``matches`` less the nouns and places inside an institution's name.

    The civil defence (الدفاع المدني) counts no civilians, and Agence France-Presse or the
    New York Times names no place a story happens in.
    """
    names = [m for m in matches if m.kind == "name"]
    if not names:
        return matches
    return [
        m
        for m in matches
        if m.kind not in _NAMED_KINDS or not any(n.first <= m.first < n.last for n in names)
    ]


def accusative_nisbas(matches: list[Match], tokens: list[Token]) -> list[Match]:
    """``matches`` with a country name read as its nisba after a counted noun: لاجئا سوريا.

    Arabic writes "a Syrian refugee" in the accusative as لاجئًا سوريًا; without diacritics
    the adjective is spelled as the country (سوريا, ليبيا). Right after a counted noun of
    that case, with no preposition between them, it is the adjective.
    """
    after_concept = {m.last for m in matches if m.kind == "concept"}
    if not after_concept:
        return matches
    read = []
    for match in matches:
        index = match.first
        if (
            match.kind == "place"
            and match.last == index + 1
            and index in after_concept
            and tokens[index - 1].text.endswith("ا")
            and any(
                form.endswith("ا") and form[:-1] in _nisbas(match.key)
                for form in tokens[index].forms
            )
        ):
            match = match._replace(kind="place_adjective")
        read.append(match)
    return read


@lru_cache(maxsize=1024)
def _nisbas(place: str) -> frozenset[str]:
    adjectives = vocabulary().places[place].get("adjectives", {})
    return frozenset(fold(form) for form in adjectives.get("ar", ()))


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
    combination_members: Mapping[str, tuple[str, ...]]
    """Key of a named combination of places (syria_iraq) -> its member places."""
    place_labels: Mapping[str, str]
    events: Mapping[str, Mapping[str, Any]]
    exact_case: Mapping[str, tuple[tuple[str, str, str], ...]]
    """Folded word -> (kind, key, exact form) of names that count only in that exact case."""


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Compile the frame lexicons (once per process)."""
    concepts = load_lexicon("concepts")
    predicates = load_lexicon("predicates")["predicates"]
    groups = load_lexicon("groups")["groups"]
    places = load_lexicon("places")
    events = load_lexicon("events")["events"]
    attribution = load_lexicon("attribution")
    temporal = load_lexicon("temporal")
    scopes = load_lexicon("scopes")
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
    for lang_forms in concepts["parts_before"].values():
        add("parts_before", "-", lang_forms)
    for lang_forms in concepts["names"].values():
        add("name", "-", lang_forms)
    for key, entry in concepts["origins"].items():
        add("origin", key, [*entry["ar"], *entry["en"]])
    for kind in ("origin_from", "measures", "reach_verbs"):
        for lang_forms in concepts[kind].values():
            add(kind, "-", lang_forms)
    for key, entry in predicates.items():
        add("predicate", key, [*entry["ar"], *entry["en"]])
        if "presumed" in entry:
            add("presumed", key, [*entry["presumed"]["ar"], *entry["presumed"]["en"]])
    for key, entry in groups.items():
        add("group", key, [*entry["ar"], *entry["en"]])
    # The gazetteer skips names the lexicons above already use, so it needs their phrases.
    place_entries = with_gazetteer(places["places"], [phrase.words for phrase in phrases])
    for key, entry in place_entries.items():
        add("place", key, [*entry["ar"], *entry["en"]])
        adjectives = entry.get("adjectives", {})
        add("place_adjective", key, [*adjectives.get("ar", ()), *adjectives.get("en", ())])
    for key, entry in events.items():
        add("event", key, [*entry["ar"], *entry["en"]])
    for kind in ("before_source", "after_source", "stops", "own_count"):
        for lang_forms in attribution[kind].values():
            add(kind, "-", lang_forms)
    for key, entry in scopes["tallies"].items():
        add("tally", key, [*entry["ar"], *entry["en"]])
    add("abroad", "abroad", [*scopes["abroad"]["ar"], *scopes["abroad"]["en"]])
    add("official", "official", [*scopes["official"]["ar"], *scopes["official"]["en"]])
    for kind, by_language in temporal.items():
        if kind in _NUMBERED:
            for number, forms in by_language.items():
                add(_NUMBERED[kind], number, forms)
        elif kind != "about":
            for lang_forms in by_language.values():
                add(kind, "-", lang_forms)
    combinations = {
        frozenset(combo["members"]): key for key, combo in places["combinations"].items()
    }
    labels = {key: entry["label"] for key, entry in place_entries.items()}
    labels |= {key: combo["label"] for key, combo in places["combinations"].items()}
    exact_case: dict[str, tuple[tuple[str, str, str], ...]] = {}
    for key, entry in groups.items():
        for form in entry.get("case_sensitive", ()):
            exact_case[fold(form)] = (*exact_case.get(fold(form), ()), ("group", key, form))
    for key, entry in place_entries.items():
        for form in entry.get("case_sensitive", ()):
            folded = fold(form)
            exact_case[folded] = (*exact_case.get(folded, ()), ("place", key, form))
    vocab = Vocabulary(
        index=PhraseIndex(phrases),
        concepts=concepts["concepts"],
        origins=concepts["origins"],
        predicates=predicates,
        groups=groups,
        places=place_entries,
        combinations=combinations,
        combination_members={
            key: tuple(combo["members"]) for key, combo in places["combinations"].items()
        },
        place_labels=labels,
        events=events,
        exact_case=exact_case,
    )
    # The lexicons and the gazetteer (about 150,000 objects) live as long as the process:
    # left to the collector, every full collection scans them again (about 0.1 s each on
    # this machine, once every few seconds of dense text). Freezing moves every object alive
    # now out of its reach; they are never garbage, and the rest is collected as before.
    gc.freeze()
    return vocab
