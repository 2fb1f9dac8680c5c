"""The claim frame: what a figure counts, what happened, who, where and why, from its sentence.

The frame of a figure is read from its clause first and its sentence second, nearest words
first. What is counted must sit right next to the number (a few words after it, or just
before it as in "the toll rose to 120"); a figure with nothing countable beside it is no claim.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from typing import Any, NamedTuple

from streams.claims.mention import NumberMention
from streams.claims.morphology import AFTER_BARE as _AFTER_BARE
from streams.claims.morphology import AND_CLITIC as _AND_CLITIC
from streams.claims.morphology import AND_WORDS as _AND_WORDS
from streams.claims.morphology import ARTICLE as _DEFINITE
from streams.claims.morphology import AT_WORDS as _AT_WORDS
from streams.claims.morphology import BEFORE_BLOCKERS as _BEFORE_BLOCKERS
from streams.claims.morphology import COPULAS as _COPULAS
from streams.claims.morphology import DETERMINERS as _DETERMINERS
from streams.claims.morphology import DIRECTIONS as _DIRECTIONS
from streams.claims.morphology import FROM_WORDS as _FROM_WORDS
from streams.claims.morphology import FUNCTION_WORDS as _FUNCTION_WORDS
from streams.claims.morphology import OF_WORDS as _OF_WORDS
from streams.claims.morphology import RELATIVE as _RELATIVE
from streams.claims.morphology import TO_WORDS as _TO_WORDS
from streams.claims.tokens import Token, tokenize
from streams.claims.vocab import Match, Vocabulary, accusative_nisbas, vocabulary, without_named
from streams.text.sentences import clause_spans

_AFTER_WINDOW = 3
_BEFORE_WINDOW = 4
_ORIGIN_WINDOW = 6
_BRACKET = re.compile(r"[()]")


class Frame(NamedTuple):
    """What is known about one figure besides its value; spans are folded-text offsets."""

    concept: str
    concept_span: tuple[int, int]
    predicate: str | None
    group: str | None
    place: str | None
    event: str | None
    unit: str | None
    """Currency code when the concept is an amount of money."""
    used_tokens: frozenset[int] = frozenset()
    """Sentence tokens this frame used: a number among them describes this figure (fighters
    "from 120 countries") and is not a claim of its own."""
    place_named: bool = True
    """False when the place comes from a nisba ("Syrian refugees"): it says whose the people
    are, not where the figure happened."""
    local_place: str | None = None
    """The city or region named for the figure, below its country (Al Haouz, Jeddah)."""
    place_also: frozenset[str] = frozenset()
    """Other countries with a place of the same name (San Juan: Puerto Rico, Argentina...)."""
    destination: bool = False
    """The place is where the counted went ("fled to Hungary"), not where the story is."""
    origin: bool = False
    """The place is where the counted came from (pilgrims from Ghana), not where it happened."""
    listed: bool = False
    """An item of a list that leaves out the noun and the verb ("453,432 in Romania, 337,215
    in Moldova"; "Kenya, 20; Ghana, 11"): a part of the sentence's tally."""
    nationals: str | None = None
    """The country of the nationality the counted are named by ("300,000 Syrians")."""
    went_to: frozenset[str] = frozenset()
    """Countries the figure's clause says the counted went to ("fled Myanmar to Bangladesh")."""


class _Where(NamedTuple):
    """Where a figure happened, as its sentence says."""

    places: frozenset[str]
    named: bool
    """False when only a nisba adjective named the place."""
    local: str | None
    """The nearest place named, when it is below country level (a city, a province)."""
    also: frozenset[str]
    """The other countries the nearest place's name may mean."""
    destination: bool = False
    origin: bool = False


@dataclass(slots=True)
class SentenceView:
    """One sentence of folded text, tokenized once, with its lexicon matches and clauses."""

    text: str
    """The whole folded text the token offsets refer to."""
    tokens: list[Token]
    matches: list[Match]
    clauses: list[tuple[int, int]]
    """Clauses as token ranges ``[first, last)``."""
    starts: list[int]
    """Start offset of each token, for bisecting."""
    number_tokens: set[int] = field(default_factory=set)
    """Tokens inside any number mention of the sentence."""
    by_kind: dict[str, list[Match]] = field(default_factory=dict)
    """The matches of each kind, in token order."""
    covered: dict[NumberMention, tuple[int, int]] = field(default_factory=dict)
    """Token ranges of the sentence's mentions."""
    found: list[Match] = field(default_factory=list)
    """The phrase index's matches and then the exact-case names, as found: what the story
    reads for this span if it is a sentence of the lead (so it is not looked up twice)."""

    def of(self, kind: str) -> list[Match]:
        """Matches of one kind (``concept``, ``place``...), in token order."""
        return self.by_kind.get(kind, [])

    def mention_tokens(self, mention: NumberMention) -> tuple[int, int]:
        """Token range ``[left, right)`` covered by a mention."""
        known = self.covered.get(mention)
        if known is not None:
            return known
        starts = self.starts
        left = bisect_right(starts, mention.start - 1)
        while left > 0 and self.tokens[left - 1].end > mention.start:
            left -= 1
        right = bisect_right(starts, mention.end - 1)
        return left, max(right, left)

    def clause_of(self, index: int) -> tuple[int, int]:
        """Return the clause token range holding token ``index``."""
        for first, last in self.clauses:
            if first <= index < last:
                return first, last
        return 0, len(self.tokens)


def view_sentence(
    text: str,
    start: int,
    end: int,
    mentions: list[NumberMention],
    original: Callable[[int, int], str] | None = None,
) -> SentenceView:
    """Tokenize ``text[start:end]`` and find every lexicon phrase and clause in it.

    ``original`` gives the unfolded wording of a folded span: names that are names only in
    their exact case (IS, not the verb is) are checked against it.
    """
    tokens = tokenize(text, start, end)
    starts = [t.start for t in tokens]
    clauses = []
    for c_start, c_end in clause_spans(text, start, end):
        clauses.append((bisect_right(starts, c_start - 1), bisect_right(starts, c_end - 1)))
    vocab = vocabulary()
    matches = vocab.index.find(tokens)
    exact = exact_case_names(tokens, vocab, original) if original is not None else []
    found = accusative_nisbas(matches + exact, tokens)
    matches = sorted(found, key=itemgetter(2)) if exact else found
    matches = without_named(matches)
    view = SentenceView(text, tokens, matches, clauses, starts, found=found)
    for match in view.matches:
        view.by_kind.setdefault(match.kind, []).append(match)
    for mention in mentions:
        left, right = view.covered[mention] = view.mention_tokens(mention)
        view.number_tokens.update(range(left, right))
    return view


def exact_case_names(
    tokens: list[Token], vocab: Vocabulary, original: Callable[[int, int], str]
) -> list[Match]:
    """Matches of the names that count only in their exact case (IS, Kathmandu, US)."""
    found = []
    maybe = map(vocab.exact_case.__contains__, map(itemgetter(2), tokens))
    for index in compress(range(len(tokens)), maybe):
        token = tokens[index]
        written = original(token.start, token.end)
        for kind, key, form in vocab.exact_case[token.text]:
            # A dateline writes the name in capitals: "KATHMANDU, Nepal (Reuters) -".
            if written == form or (len(written) > 1 and written == form.upper()):
                found.append(Match(kind, key, index, index + 1, None))
    return found


_CLAUSE_MARKS = frozenset(",،;:(")
"""Punctuation that ends the phrase of a figure: what follows it is not "N of them"."""
_SPEAKER_FILLERS = frozenset({"and", "has", "have", "the", "و"})
"""Words a source span may hold beside a country's name: "and Iran", "South Korea has"."""
_COPULA_REACH = 2
"""Copulas between a bare figure and its verb: 113 [are] missing, 3,062 [had become] infected."""
_ATTACHED_REACH = 4
"""Tokens from a noun to one attached to it: toll [from Saturday's truck] bombing."""
_COUNTED_REACH = 3
"""Tokens from a figure to the noun it counts: three [hardest-hit] countries."""


def build_frame(
    view: SentenceView,
    mention: NumberMention,
    previous: Frame | None,
    dominant_group: Callable[[], str | None],
    attribution: Callable[[], frozenset[int]] = frozenset,
) -> Frame | None:
    """Build the frame of ``mention`` in its sentence; None when it counts nothing known.

    ``previous`` is the frame of the article's preceding claim, which "of them" refers to;
    ``dominant_group`` gives the group the article mentions most, used for figures of fighters,
    members or leaders whose sentence names no group. ``attribution`` gives the tokens that
    name who said so: a place among them (the EU coordinator) is the speaker's, not the
    figure's.

    A figure with neither a predicate nor an event ("a city of 200,000 people", "losses of
    $800 million" without a known loss word) is no trackable metric: counts that share only
    their noun would land on one key and be compared. Such figures yield None.
    """
    vocab = vocabulary()
    left, right = view.mention_tokens(mention)
    clause = view.clause_of(left)
    if _is_model_name(view, mention) or _measures_something(view, right):
        return None
    if _anaphora_at(view, right) and previous is not None:
        return _inherit(view, previous, left, right, clause, vocab)
    # "32 dead, 113 unaccounted for": the verb right after the figure says who it counts,
    # before any subject an earlier clause would lend it.
    adjacent, bare = _people_by_predicate(view, left, right, clause, vocab)
    if any(
        m.first == right and vocab.concepts[m.key].get("context_only") for m in view.of("concept")
    ):
        # "three field hospitals", «39 مستشفى»: the figure counts the setting's things, not
        # people in hospital.
        adjacent = bare = None
    nationals = None if adjacent else _people_of(view, right)
    if nationals is not None:
        concept_match: Match | None = Match(
            "concept", "person", nationals.first, nationals.last, None
        )
    else:
        concept_match = None if adjacent else _concept_near(view, left, right, clause)
    bare_predicate = None
    if concept_match is None:
        bare = adjacent or bare
        if bare is None:
            return _gapped(view, previous, left, right, vocab)
        bare_predicate = bare.key
        concept_match = Match("concept", "person", bare.first, bare.last, None)
    entry = vocab.concepts[concept_match.key]
    concept = str(entry.get("concept", concept_match.key))
    used = set(range(concept_match.first, concept_match.last)) | set(range(left, right))
    origin = _origin(view, concept_match, used, vocab) if entry.get("origin_base") else None
    if bare_predicate is not None:
        predicate: str | None = bare_predicate
    elif entry.get("weak_implies"):
        # "841,600 refugees registered": a verb of the figure's own clause says more than
        # the noun's default (refugees fled).
        # A verb that opens the next figure is that figure's ("claimed 1,739 lives and
        # affected 33 million").
        blocked = (
            used | _outside(view, clause) | _asides(view, left) | _next_figures_verbs(view, right)
        )
        # What a group does (claimed an attack, paid) is not what happened to these people.
        own = [
            m
            for m in _nearest(view, ("predicate",), left, right, clause, blocked)
            if not vocab.predicates[m.key].get("group_act")
        ]
        predicate = own[0].key if own else entry.get("implies")
    else:
        # The figure's own clause first, a verb or a noun that states what happened (فيما لا
        # يزال 2.6 مليون شخص نازح), then the rest of its sentence. A verb that opens the next
        # figure is that figure's: «استشهد 235 شخصا وأصيب 109».
        used = (
            used
            | _next_figures_verbs(view, right)
            | _reaching_verbs(view, left)
            | _relative_verbs(view, concept_match, clause)
        )
        # A bracketed aside the figure is not in speaks of its own figures.
        searched = used | _asides(view, left)
        outside = searched | _outside(view, clause)
        # Another clause lends its verb only when it has no figure of its own to count.
        elsewhere = searched | _figures_clauses(view, clause)
        predicate = (
            _verb_before(view, left, entry, vocab)
            or entry.get("implies")
            or _nearest_key(view, "predicate", left, right, clause, outside)
            or _implied_predicate(view, left, right, clause, outside, vocab)
            or _nearest_key(view, "predicate", left, right, clause, elsewhere)
            or _implied_predicate(view, left, right, clause, elsewhere, vocab)
        )
    if entry.get("unit") and vocab.predicates.get(predicate or "", {}).get("counts_people"):
        # "$4.4m in donations" beside a toll: money is not killed or displaced.
        predicate = None
    presumed = vocab.predicates.get(predicate or "", {}).get("presumed")
    if presumed and any(m.key == predicate and m.first >= left for m in view.of("presumed")):
        # "58 people are missing and presumed dead": the toll counts them among the dead.
        predicate = str(presumed["as"])
    predicate_entry = vocab.predicates.get(predicate or "", {})
    group = _group(view, left, right, clause, used, bool(predicate_entry.get("object_group")))
    group_tied = bool(entry.get("group_tied"))
    national = entry.get("national")
    if origin is not None:
        concept = f"{origin}_fighter"
    elif national and predicate_entry.get("recruits"):
        concept = f"{national}_fighter"
        group_tied = True
    if group is None and group_tied:
        group = dominant_group()
    event = None
    if predicate is None:
        # No predicate: only an event in the figure's own clause still says what happened.
        event = _nearest_key(view, "event", left, right, clause, used | _outside(view, clause))
        if event is None:
            return None
    elif predicate_entry.get("takes_event"):
        event = _nearest_key(view, "event", left, right, clause, used)
    where = _place(view, left, right, clause, used, predicate_entry, vocab)
    speaker = attribution() if where.places else frozenset()
    if speaker and not _reports_its_own(view, speaker):
        where = _place(view, left, right, clause, used | speaker, predicate_entry, vocab)
    place = _canonical_place(where.places, group, group_tied, predicate_entry, vocab)
    if predicate_entry.get("needs_place") and mention.relative:
        # "2 percent of the Ukrainian population" is a share of something else counted.
        return None
    if predicate_entry.get("needs_place") and (place is None or where.local is not None):
        # A population is a country's figure; a province's or a city's ("Batna, home to a
        # million people") would be keyed on its country and compared with the country's.
        return None
    span = (view.tokens[concept_match.first].start, view.tokens[concept_match.last - 1].end)
    return Frame(
        concept,
        span,
        predicate,
        group,
        place,
        event,
        entry.get("unit"),
        frozenset(used),
        place_named=where.named,
        local_place=where.local,
        place_also=where.also,
        destination=where.destination,
        origin=where.origin,
        nationals=_nationality(nationals, vocab),
        went_to=frozenset(
            str(vocab.places[m.key].get("within", m.key))
            for m in view.of("place")
            if clause[0] <= m.first < clause[1] and _role(view, m) == "to"
        ),
    )


def _reports_its_own(view: SentenceView, speaker: frozenset[int]) -> bool:
    """Whether the source is a country that reports its own count: "South Korea has reported"."""
    for place in view.of("place"):
        if (
            place.first in speaker
            and "within" not in vocabulary().places[place.key]
            and any(place.last <= m.first <= place.last + 1 for m in view.of("own_count"))
        ):
            named = set(range(place.first, place.last))
            return all(i in named or view.tokens[i].text in _SPEAKER_FILLERS for i in speaker)
    return False


def _people_by_predicate(
    view: SentenceView, left: int, right: int, clause: tuple[int, int], vocab: Vocabulary
) -> tuple[Match | None, Match | None]:
    """The casualty verbs that count people for a figure with no noun of its own.

    "113 unaccounted for", "the quake killed 2,000.", "the number of those missing is 150":
    the predicate says who is counted, and stands as the figure's concept (``person``).
    Returns the verb right after the figure (or after a copula), which wins over a noun an
    earlier clause would lend, and the first verb before it or heading its clause.
    """
    adjacent = other = None
    for match in view.of("predicate"):
        if not vocab.predicates[match.key].get("counts_people"):
            continue
        # Same clause only: "toll climbs to 355, missing 500" counts the dead, then the missing.
        after = (
            match.first < clause[1]
            and (match.first == right or _only_copulas(view, right, match.first))
            and not _opens_next_figure(view, right, match)
        )
        if after and adjacent is None:
            adjacent = match
        before = match.last == left and not _noun_follows(view, right, clause)
        subject = clause[0] <= match.first < left and _reached(view, left - 2, left, right)
        if other is None and (after or before or subject):
            other = match
    return adjacent, other


def _verb_before(
    view: SentenceView, left: int, entry: Mapping[str, Any], vocab: Vocabulary
) -> str | None:
    """A casualty verb right before a casualty noun's figure says what befell them.

    «وفاة 3 مصابين», three of the injured died: the noun says who they were.
    """
    implied = entry.get("implies")
    if implied is None:
        return None
    for match in view.of("predicate"):
        if (
            match.last == left
            and match.key != implied
            and vocab.predicates[match.key].get("counts_people")
            and vocab.predicates.get(str(implied), {}).get("counts_people")
        ):
            return match.key
    return None


def _relative_verbs(view: SentenceView, noun: Match, clause: tuple[int, int]) -> set[int]:
    """Tokens of the verb of a relative clause after ``noun`` when a main verb follows it.

    "Five people who had been reported missing have now been found safe": what happened
    to the five is the main verb's; the relative clause says who they are.
    """
    opener = noun.last
    if opener >= clause[1] or not set(view.tokens[opener].forms) & _RELATIVE:
        return set()
    verbs = [m for m in view.of("predicate") if opener < m.first < clause[1]]
    if len(verbs) < 2:
        return set()
    return set(range(verbs[0].first, verbs[0].last))


def _next_figures_verbs(view: SentenceView, right: int) -> set[int]:
    """Tokens of the predicates after a figure that stand right before another figure."""
    taken: set[int] = set()
    for match in view.of("predicate"):
        if match.first >= right and match.last in view.number_tokens:
            taken.update(range(match.first, match.last))
    return taken


def _asides(view: SentenceView, left: int) -> set[int]:
    """Tokens in brackets the figure is not in: an aside breaks it down in its own words.

    «أكثر من 716000 شخص (أكثر من 606000 شخص مسجلين و109000 في انتظار التسجيل)»: registered
    is said of the 606,000, not of the total.
    """
    if not view.tokens:
        return set()
    at = view.tokens[left].start
    first, last = view.tokens[0].start, view.tokens[-1].end
    inside: set[int] = set()
    opened: int | None = None
    # Called for every figure: only the brackets are visited, and the tokens between two of
    # them are found by bisecting the token starts.
    for bracket in _BRACKET.finditer(view.text, first, last):
        position = bracket.start()
        if bracket.group() == "(":
            opened = position
        elif opened is not None:
            if not opened < at < position:
                inside.update(
                    range(bisect_right(view.starts, opened), bisect_left(view.starts, position))
                )
            opened = None
    if opened is not None and at < opened:
        # The closing bracket lies past the last word, with the sentence's full stop.
        inside.update(range(bisect_right(view.starts, opened), len(view.tokens)))
    return inside


def _reaching_verbs(view: SentenceView, left: int) -> set[int]:
    """Tokens of a verb that reaches the figure: «وصل إلى 890000» is reached, not arrived.

    The same verb before a noun («وصل 300 مقاتل») still says who came.
    """
    taken: set[int] = set()
    for match in view.of("reach_verbs"):
        to = match.last < left and bool(set(view.tokens[match.last].forms) & _TO_WORDS)
        if to and match.last + 1 == left:
            taken.update(range(match.first, match.last))
    return taken


def _only_copulas(view: SentenceView, start: int, end: int) -> bool:
    """One or two copulas between the figure and its verb: 3,062 had become infected."""
    return 0 < end - start <= _COPULA_REACH and all(_is_copula(view, i) for i in range(start, end))


def _is_copula(view: SentenceView, index: int) -> bool:
    # "113 are unaccounted for", "150 were missing".
    return index < len(view.tokens) and view.tokens[index].text in _COPULAS


def _noun_follows(view: SentenceView, right: int, clause: tuple[int, int]) -> bool:
    """A word after the figure that is not a preposition or the clause's end: its own noun."""
    if right >= clause[1]:
        return False
    token = view.tokens[right]
    if any(m.first == right for m in view.of("anaphora")):
        # «فر 700 ألف منهم»: "of them" names no noun, it points back to who is counted.
        return False
    # «قتل 20 وأصيب 50»: a word glued to "and" opens what follows; "to" opens where they went.
    return not _and_glued(token) and not set(token.forms) & (_AFTER_BARE | _TO_WORDS)


def _is_model_name(view: SentenceView, mention: NumberMention) -> bool:
    # F-18, إف-16, Su-25: a number hyphenated to letters names a model, it counts nothing.
    start = mention.value_start
    return start >= 2 and view.text[start - 1] == "-" and view.text[start - 2].isalpha()


def _measures_something(view: SentenceView, right: int) -> bool:
    return any(m.first == right for m in view.of("measures"))


def _group(
    view: SentenceView,
    left: int,
    right: int,
    clause: tuple[int, int],
    used: set[int],
    object_group: bool,
) -> str | None:
    found = _nearest(view, ("group",), left, right, clause, used)
    if object_group:
        # "joined the SDF" names the group joined; "ISIS members joined the SDF" too.
        joined = [m for m in found if _role(view, m) == "to"]
        found = joined or found
    return found[0].key if found else None


def _implied_predicate(
    view: SentenceView,
    left: int,
    right: int,
    clause: tuple[int, int],
    used: set[int],
    vocab: Vocabulary,
) -> str | None:
    # "the toll of the dead rose to 120 people": the noun قتلى / dead states what happened.
    for match in _nearest(view, ("concept",), left, right, clause, used):
        implied = vocab.concepts[match.key].get("implies")
        if implied:
            return str(implied)
    return None


def _anaphora_at(view: SentenceView, right: int) -> bool:
    # "140 of them", "140 منهم"; not «65 شخصا، من بينهم 28»: a noun after the figure makes
    # "among them" the next figure's.
    if any(m.first == right for m in view.of("concept")):
        return False
    # "201, most of them in one county" says where most of the 201 died.
    end = view.tokens[right - 1].end
    return any(
        right <= m.first <= right + 1
        and not _CLAUSE_MARKS.intersection(view.text[end : view.tokens[m.first].start])
        for m in view.of("anaphora")
    )


def _gapped(
    view: SentenceView, previous: Frame | None, left: int, right: int, vocab: Vocabulary
) -> Frame | None:
    """A figure that only names its place, in a list after a figure of the same sentence.

    "453,432 have been counted in Romania, 337,215 in Moldova and 213,000 in Slovakia": the
    later ones leave out what the first says is counted and what happened to it. A list may
    also name each place first ("Niger, 19; India, 18"): with no place after the figure in
    its own clause, the one right before it is its place.
    """
    if previous is None or not view.tokens:
        return None
    if not view.tokens[0].start <= previous.concept_span[0] < view.tokens[-1].end:
        return None
    clause = view.clause_of(left)
    after: Match | None = None
    before: Match | None = None
    for candidate in view.of("place"):
        preposition = candidate.first == right + 1 and bool(
            set(view.tokens[right].forms) & (_AT_WORDS | _TO_WORDS | _FROM_WORDS)
        )
        if preposition or (candidate.first == right and candidate.first < clause[1]):
            after = after or candidate
        elif candidate.last == left:
            before = candidate
    match = after or before
    if match is None:
        return None
    entry = vocab.places[match.key]
    return Frame(
        previous.concept,
        previous.concept_span,
        previous.predicate,
        previous.group,
        str(entry.get("within", match.key)),
        previous.event,
        previous.unit,
        frozenset(range(min(left, match.first), max(right, match.last))),
        local_place=match.key if "within" in entry else None,
        place_also=frozenset(entry.get("also_in", ())),
        destination=_role(view, match) == "to",
        # "from Kenya, 20; Ghana, 11": the list goes on naming where they came from.
        origin=previous.origin or _role(view, match) == "from",
        listed=True,
    )


def _inherit(
    view: SentenceView,
    previous: Frame,
    left: int,
    right: int,
    clause: tuple[int, int],
    vocab: Vocabulary,
) -> Frame | None:
    # "25,000 of them were killed": the counted thing, group and place are the previous
    # figure's; what happened to them is this subset's own, in its own clause ("140 of them
    # remain in intensive care"). Without one, or with the parent's, the subset would take
    # the parent's key and read as a revision of it: no claim.
    used = set(range(left, right + 2)) | _outside(view, clause)
    predicate = _nearest_key(view, "predicate", left, right, clause, used)
    if predicate is None or predicate == previous.predicate:
        return None
    event = None
    if vocab.predicates.get(predicate or "", {}).get("takes_event"):
        event = _nearest_key(view, "event", left, right, clause, used)
    return Frame(
        previous.concept,
        previous.concept_span,
        predicate,
        previous.group,
        previous.place,
        event,
        previous.unit,
    )


def _figures_clauses(view: SentenceView, clause: tuple[int, int]) -> set[int]:
    """Tokens of the sentence's other clauses that hold a figure: their verbs are theirs."""
    taken: set[int] = set()
    for other in view.clauses:
        if other != clause and view.number_tokens.intersection(range(*other)):
            taken.update(range(*other))
    return taken


def _outside(view: SentenceView, clause: tuple[int, int]) -> set[int]:
    """Tokens of the sentence outside ``clause``: excluded when only the clause may answer."""
    return set(range(clause[0])) | set(range(clause[1], len(view.tokens)))


def _people_of(view: SentenceView, right: int) -> Match | None:
    """The nationality right after a figure, who it counts: "300,000 Syrians", «18 ألف سوري».

    Also behind a partitive (300 ألف من الروهينغا). A noun after the nationality (Syrian
    refugees) is the counted thing instead.
    """
    start = right + bool(right < len(view.tokens) and set(view.tokens[right].forms) & _OF_WORDS)
    concepts = {m.first for m in view.of("concept")}
    for match in view.of("place_adjective"):
        if match.first == start and match.last not in concepts:
            return match
    return None


def _nationality(people: Match | None, vocab: Vocabulary) -> str | None:
    if people is None:
        return None
    return str(vocab.places[people.key].get("within", people.key))


def _concept_near(
    view: SentenceView, left: int, right: int, clause: tuple[int, int]
) -> Match | None:
    vocab = vocabulary()
    for match in view.of("concept"):
        # "$5,000", "US$ 5 million": the currency sits inside or just before the figure.
        if left - 1 <= match.first < right and vocab.concepts[match.key].get("unit"):
            return match
    concepts = [m for m in view.of("concept") if m.first not in view.number_tokens]
    after_limit = min(right + _AFTER_WINDOW, clause[1])
    blocked_after = next((i for i in range(right, after_limit) if i in view.number_tokens), None)
    if blocked_after is not None:
        after_limit = blocked_after
    after = [
        m
        for m in concepts
        if right <= m.first < after_limit
        and not _opens_next_figure(view, right, m)
        # "2 million fled to neighbouring countries": where they went, not who they are;
        # "rose to 51 in the attacks": where or in what they died.
        and not _behind_preposition(view, right, m)
    ]
    nearest_after = min(after, key=lambda m: (m.first, -m.last)) if after else None
    if nearest_after is not None and not vocab.concepts[nearest_after.key].get("generic"):
        return nearest_after
    reach = _reached(view, left - 3, right, right) or (
        # "ارتفع عدد وفيات السيول التي ضربت جدة ... إلى 103": "to" before the figure, the
        # verb at the head of a long clause.
        left > 0
        and bool(set(view.tokens[left - 1].forms) & _TO_WORDS)
        and any(clause[0] <= m.first < left for m in view.of("reach_verbs"))
    )
    if reach:
        # "the death toll from the flood rose to 45": the subject, however far back; it also
        # says more than a generic noun after the figure ("deaths reached 789 cases").
        # A noun another figure counts ("the toll in the three hardest-hit countries rose to
        # 5,147") is that figure's, not the subject.
        earlier = [m for m in concepts if m.last <= left]
        free = [m for m in earlier if not _counted(view, m)]
        # "... members who joined the SDF; their number exceeds 1,000": the earlier clause;
        # «كان عددهم 1.2 مليون لاجئ، تراجع هذا العدد ليبلغ مليونا»: the earlier figure's.
        subjects = [m for m in free if clause[0] <= m.first] or free or earlier
        # "the death toll from Saturday's truck bombing has risen to 231": the noun that
        # heads the subject, not the one attached to it.
        heads = [m for m in subjects if not _attached(view, m, subjects)]
        if heads or subjects:
            return min(heads or subjects, key=lambda m: (left - m.last, -m.last))
    if nearest_after is not None:
        return nearest_after
    before = [m for m in concepts if max(clause[0], left - _BEFORE_WINDOW) <= m.first < left]
    for match in sorted(before, key=lambda m: -m.last):
        between = view.tokens[match.last : left]
        if match.last <= left and not any(
            set(t.forms) & _BEFORE_BLOCKERS or i in view.number_tokens
            for i, t in enumerate(between, start=match.last)
        ):
            return match
    return None


def _reached(view: SentenceView, first: int, stop: int, right: int) -> bool:
    """Whether a verb of reaching starts in ``[first, stop)`` and reaches the figure."""
    return any(
        first <= m.first < stop and not _counts_own_noun(view, m, right)
        for m in view.of("reach_verbs")
    )


def _counts_own_noun(view: SentenceView, verb: Match, right: int) -> bool:
    """Whether a preposition that may reach a figure is only a preposition here.

    "deaths at 136" reaches the figure; "shootings at two mosques" puts the shootings at
    two things no lexicon knows, which the figure counts.
    """
    if verb.last != verb.first + 1 or not set(view.tokens[verb.first].forms) & _AT_WORDS:
        return False
    if right >= len(view.tokens) or right in view.number_tokens:
        return False
    word = view.tokens[right].text
    return (
        word.isalpha()
        and word.isascii()
        and not any(m.first <= right < m.last for m in view.matches)
        and not set(view.tokens[right].forms) & _FUNCTION_WORDS
    )


def _behind_preposition(view: SentenceView, right: int, concept: Match) -> bool:
    before = concept.first - 1
    if before > right and set(view.tokens[before].forms) & _DETERMINERS:
        before -= 1
    return before >= right and bool(set(view.tokens[before].forms) & (_TO_WORDS | _AT_WORDS))


def _opens_next_figure(view: SentenceView, right: int, concept: Match) -> bool:
    """Whether "and" puts ``concept`` before the next figure: killed 6,204 and injured 13,932."""
    ahead = range(concept.last, concept.last + _COUNTED_REACH)
    if not any(i in view.number_tokens for i in ahead):
        return False
    between = view.tokens[right : concept.first]
    return _glued_and(view, concept) or any(set(t.forms) & _AND_WORDS for t in between)


def _attached(view: SentenceView, concept: Match, others: list[Match]) -> bool:
    """Whether an "of" or "in" word ties ``concept`` to a noun before it.

    The toll from the bombing, the fatalities in the attack. Arabic needs no word for it: a
    definite noun right after an indefinite one is its complement («قتلى الهجوم», the dead
    of the attack).
    """
    if _idafa(view, concept, others):
        return True
    for other in others:
        if other.last <= concept.first and concept.first - other.last <= _ATTACHED_REACH:
            between = view.tokens[other.last : concept.first]
            if any(set(t.forms) & (_OF_WORDS | _AT_WORDS) for t in between):
                return True
    return False


def _idafa(view: SentenceView, concept: Match, others: list[Match]) -> bool:
    if not view.tokens[concept.first].text.startswith(_DEFINITE):
        return False
    return any(
        other.last == concept.first and not view.tokens[other.last - 1].text.startswith(_DEFINITE)
        for other in others
    )


def _counted(view: SentenceView, concept: Match) -> bool:
    """Whether a figure stands right before ``concept``, at most two words ahead of it."""
    ahead = range(concept.first - _COUNTED_REACH, concept.first)
    return any(i in view.number_tokens for i in ahead)


def _origin(view: SentenceView, concept: Match, used: set[int], vocab: Vocabulary) -> str | None:
    modifier = None
    for match in view.of("origin"):
        if modifier is None and (
            concept.first - 2 <= match.first < concept.first
            or (concept.last <= match.first and match.first < concept.last + 2)
        ):
            used.update(range(match.first, match.last))
            modifier = match.key
    return _origin_from(view, concept, used, vocab) or modifier


def _origin_from(
    view: SentenceView, concept: Match, used: set[int], vocab: Vocabulary
) -> str | None:
    # "fighters from more than 120 countries", "fighters from Britain"
    from_at = None
    for index in range(concept.last, min(concept.last + _ORIGIN_WINDOW, len(view.tokens))):
        if from_at is None and set(view.tokens[index].forms) & _FROM_WORDS:
            from_at = index
    if from_at is None:
        return None
    # The origin follows "from" directly, or after a count ("from more than 120 countries").
    first = from_at + 1
    while first in view.number_tokens:
        first += 1
    for match in view.matches:
        if match.first != first:
            continue
        if match.kind == "concept" and match.key == "country":
            used.update(range(from_at, match.last))
            return "foreign"
        if match.kind == "place":
            used.update(range(from_at, match.last))
            return _origin_of_place(match.key, vocab)
    return None


def _origin_of_place(place: str, vocab: Vocabulary) -> str | None:
    country = vocab.places[place].get("within", place)
    for key, entry in vocab.origins.items():
        if entry.get("place") == country:
            return key
    return None


def _distance(match: Match, left: int, right: int) -> tuple[int, int]:
    if match.first >= right:
        return match.first - right, 0
    return max(left - match.last, 0), 1


def _nearest(
    view: SentenceView,
    kinds: tuple[str, ...],
    left: int,
    right: int,
    clause: tuple[int, int],
    used: set[int],
) -> list[Match]:
    """Find ``kinds`` in the clause, else in the sentence, nearest to the figure first."""
    # isdisjoint walks the match's tokens in C: this runs for every match of every kind asked.
    candidates = [
        m for kind in kinds for m in view.of(kind) if used.isdisjoint(range(m.first, m.last))
    ]
    in_clause = [m for m in candidates if clause[0] <= m.first < clause[1]]
    chosen = in_clause or candidates
    return sorted(chosen, key=lambda m: _distance(m, left, right))


def _nearest_key(
    view: SentenceView,
    kind: str,
    left: int,
    right: int,
    clause: tuple[int, int],
    used: set[int],
) -> str | None:
    found = _nearest(view, (kind,), left, right, clause, used)
    return found[0].key if found else None


def _place(
    view: SentenceView,
    left: int,
    right: int,
    clause: tuple[int, int],
    used: set[int],
    predicate: Mapping[str, Any],
    vocab: Vocabulary,
) -> _Where:
    """Countries where the figure happened, as allowed by the predicate's place roles."""
    roles = predicate.get("places", ("at",))
    # "..., Rosario said": a place name right before a verb of saying is a person or an
    # office speaking, not where the figure happened.
    speaking = {m.first for m in view.of("after_source")}
    found: list[Match] = []
    for kind in ("place", "place_adjective"):
        candidates = [
            m
            for m in _nearest(view, (kind,), left, right, clause, used)
            if _role(view, m) in roles and m.last not in speaking
        ]
        if not any(clause[0] <= m.first < clause[1] for m in candidates):
            # From another clause, only a place before the figure sets the scene ("In
            # Guinea, 50 died"); one after it is that clause's ("toll tops 5,000, steep rise
            # in Sierra Leone").
            candidates = [m for m in candidates if m.last <= left]
        if candidates:
            found = candidates
            break
    if not found:
        return _Where(frozenset(), True, None, frozenset())
    # A place after the figure is the figure's when a preposition puts it there ("2,710 cases
    # in Liberia"); a bare one starts the next clause ("2,316 deaths, followed by Sierra
    # Leone with 930"), so a place before the figure is nearer in meaning. With none before,
    # a bare one may be the verb's object (دخلوا سوريا).
    # The place a preposition hangs on the figure's own words ("116,000 fled to Hungary")
    # is its place, however near a place the clause before named.
    end = max((i + 1 for i in used if i >= right), default=right)
    own = [m for m in found if end <= m.first <= end + 1 and _introduced(view, m)]
    if own:
        found = own + [m for m in found if m not in own]
    elif any(m.last <= left for m in found):
        found.sort(key=lambda m: m.first >= right and not _introduced(view, m))
    # Places named together ("Syria and Iraq", "Guinea, Liberia and Sierra Leone") count
    # together; others are different claims.
    together = _list_of(view, found[0], view.of(found[0].kind))
    places = frozenset(vocab.places[m.key].get("within", m.key) for m in together)
    nearest = vocab.places[found[0].key]
    also = frozenset(nearest.get("also_in", ()))
    local = found[0].key if "within" in nearest and found[0].kind == "place" else None
    role = _role(view, found[0])
    return _Where(places, found[0].kind == "place", local, also, role == "to", role == "from")


def _introduced(view: SentenceView, match: Match) -> bool:
    """Whether a preposition, glued or one or two words before, puts the place in its clause."""
    if match.role is not None:
        return True
    before = view.tokens[max(match.first - 2, 0) : match.first]
    return any(set(token.forms) & (_AT_WORDS | _TO_WORDS | _FROM_WORDS) for token in before)


def _list_of(view: SentenceView, head: Match, found: list[Match]) -> list[Match]:
    """The places listed with ``head``: joined by and, or by commas in a list ending in and."""
    ordered = sorted(found, key=lambda m: m.first)
    lists: list[list[Match]] = []
    starts = {match: _phrase_start(view, match) for match in ordered}
    for match in ordered:
        last = lists[-1][-1] if lists else None
        first = starts[match]
        if last is not None and 0 <= first - last.last <= 1:
            gap = view.tokens[last.last : first + 1]
            joined = _and_glued(view.tokens[first]) or any(set(t.forms) & _AND_WORDS for t in gap)
            if joined or first == last.last:
                lists[-1].append(match)
                continue
        lists.append([match])
    for members in lists:
        if head in members:
            # "Guinea, Liberia": a comma alone may close one clause and open the next.
            first = starts[members[-1]]
            ends_in_and = (
                len(members) == 1
                or _and_glued(view.tokens[first])
                or bool(set(view.tokens[first - 1].forms) & _AND_WORDS)
            )
            return members if ends_in_and else [head]
    return [head]


def _phrase_start(view: SentenceView, match: Match) -> int:
    """Where a place's phrase starts: "southern Turkey" with its direction word."""
    first = match.first
    while first > 0 and set(view.tokens[first - 1].forms) & _DIRECTIONS:
        first -= 1
    return first


def _glued_and(view: SentenceView, match: Match) -> bool:
    return _and_glued(view.tokens[match.first])


def _and_glued(token: Token) -> bool:
    return token.text.startswith(_AND_CLITIC) and len(token.forms) > 1


def _role(view: SentenceView, match: Match) -> str:
    if match.role is not None:
        return match.role
    if match.first > 0:
        before = set(view.tokens[match.first - 1].forms)
        if before & _TO_WORDS:
            return "to"
        if before & _FROM_WORDS:
            return "from"
    return "at"


def _canonical_place(
    places: frozenset[str],
    group: str | None,
    group_tied: bool,
    predicate: Mapping[str, Any],
    vocab: Vocabulary,
) -> str | None:
    theatre = vocab.groups.get(group or "", {}).get("theatre")
    members = _members(theatre, vocab) if theatre else frozenset()
    # The group's own figures (its fighters, what its members paid) are the theatre's; people
    # killed or displaced in Iraq stay Iraq's even when the article names the group.
    if places and members and places <= members and (group_tied or predicate.get("group_act")):
        return str(theatre)
    if not places:
        default = predicate.get("default_theatre")
        return str(theatre) if theatre and group_tied and default else None
    if len(places) > 1:
        return vocab.combinations.get(places, "+".join(sorted(places)))
    return next(iter(places))


def _members(place: str, vocab: Vocabulary) -> frozenset[str]:
    for members, key in vocab.combinations.items():
        if key == place:
            return members
    return frozenset({place})
