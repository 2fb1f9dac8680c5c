"""The story an article reports on, and the two-level identity of each figure in it.

Journalists name the event, the place and the group in the headline and the lead, then write
"the death toll rose to 2,122" three sentences later. So a figure's story comes from its own
sentence where that says more, and otherwise from its article: the event of the headline (or
the one the lead names most), the country of the headline (or the one the lead names most).
The story is ``event|place``; the quantity within it is what happened to what is counted,
with its scope (a group, another country). Two reports share a figure when both levels agree;
how far apart in time they may be is the story's window, which the figures stage applies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from streams.claims.event_day import EventDay, event_day
from streams.claims.frame import Frame, exact_case_names
from streams.claims.frame_key import concept_label
from streams.claims.tokens import tokenize
from streams.claims.vocab import Match, accusative_nisbas, vocabulary, without_named
from streams.text.normalize import Normalized
from streams.text.sentences import Span, iter_sentence_spans

LEAD_CHARS = 600
"""How much of the body's start is its lead: about the first two sentences of a wire story."""
_LEAD_SENTENCES = 2
_LEAD_WORDS = 6
_NONE = "-"
_DEFAULT_WINDOW = 365
_TITLE_WEIGHT = 5
_FRAME_WEIGHT = 2
_SPREAD_COUNTRIES = 3
_DOMINANT = 2
"""A country scoring twice the next one is the article's place, however many are named."""
_STANDING_WINDOW = 1095
"""A group's fighters and members are counted for years, like a standing situation."""


@dataclass(frozen=True, slots=True)
class ArticleStory:
    """What an article's headline and lead say it is about; any slot may be unknown."""

    event: str | None = None
    """Story kind of the event named (``earthquake``, ``attack``, ``epidemic``)."""
    place: str | None = None
    """Country (or theatre) the article is about."""
    new_event: bool = False
    """The headline or lead announces another event of its kind ("another earthquake")."""
    local_places: frozenset[str] = frozenset()
    """Cities and regions the headline and lead name: the story's own, not a part of it."""
    country_named: bool = True
    """False when no country is named up top: then the story is its city's, and no city
    named further down is a part of it."""
    event_day: EventDay | None = None
    """The day the headline or lead dates the event to ("Saturday's truck bombing")."""


class Identity(NamedTuple):
    """A figure's identity: its story, the quantity within it, and how they read."""

    story_key: str | None
    story_label: str | None
    window_days: int
    quantity: str
    quantity_label: str

    @property
    def metric_key(self) -> str:
        """``place|quantity``: the figure's key and the figures stage's partition key.

        The event stays out of it: "the toll rose to 122" names no event and still continues
        the flood story of its place; the figures stage keeps apart the events that differ.
        """
        place = self.story_key.split("|")[1] if self.story_key else "unassigned"
        return f"{place}|{self.quantity}"

    @property
    def label(self) -> str:
        """``people killed — earthquake in Morocco``."""
        if self.story_label is None:
            return self.quantity_label
        return f"{self.quantity_label} — {self.story_label}"


def article_story(
    title: Normalized,
    body: Normalized,
    frames: Iterable[Frame],
    published: date,
    known: Mapping[Span, list[Match]] | None = None,
) -> ArticleStory:
    """The story of an article from its normalized ``title`` and ``body`` and its claims' frames.

    The event is the headline's, else the one the lead names most, else the one the figures'
    own clauses name most. The place is scored: the headline's first place counts most, then
    the places the figures themselves happened in, then the lead's mentions; cities count
    for their country. A nisba ("Syrian") stands in only when no place is named.

    ``known`` holds what ``_matches`` gives for some single spans of the body (the sentences
    of its figures, already read): a lead sentence among them is not read again.
    """
    head = _matches(title, [(0, len(title.text))])
    lead_spans = _lead(body.text, title.text)
    read = dict(known or {})
    # The lead's first sentence is read on its own too: it alone may announce a new event.
    opening = _matches(body, lead_spans[:1], read)
    lead_matches = opening + _matches(body, lead_spans[1:], read)
    frames = list(frames)
    event = (
        _event_of(head, first_only=True)
        or _event_of(lead_matches)
        or _most_of(f.event for f in frames)
    )
    scores: Counter[str] = Counter()
    first = _first(head, "place")
    if first is not None:
        scores[first] += _TITLE_WEIGHT
    for match in lead_matches:
        if match.kind == "place":
            scores[_key(match)] += 1
    for frame in frames:
        # Where refugees went (fled to Hungary) is not where their story is.
        if frame.place is not None and not frame.destination:
            scores[frame.place] += _FRAME_WEIGHT
    if not scores:
        # Neither headline, lead nor figures name a place (a lead lost to page furniture):
        # the rest of the body still says where the story is. Read only then, as it costs a
        # pass over every sentence.
        for match in _matches(body, [(0, len(body.text))], read):
            if match.kind == "place":
                scores[_key(match)] += 1
    # Only an outbreak spreads over its region: refugees of one war reach many countries. Its
    # headline may single out the country worst hit ("steep rise in Sierra Leone cases")
    # while the lead gives the region's totals, so the headline does not weigh here.
    spread = event is not None and story_kind(event) == "epidemic"
    region = _spread_region(_named_countries(lead_matches, frames)) if spread else None
    if spread and region is None and first is None:
        # An outbreak's headline and lead name no country ("Ebola death toll reaches 8,594"):
        # the countries the rest of the body lists say whether its totals are a region's.
        whole = _matches(body, [(0, len(body.text))], read)
        region = _spread_region(_named_countries(whole, []))
    place = region or _best_place(scores)
    if place is not None and region is None:
        place = _named_together(place, frames, lead_spans) or place
    place = place or _first(head, "place_adjective") or _most(lead_matches, "place_adjective")
    new_event = bool(_first(head, "new_story") or _first(opening, "new_story"))
    named = [m for m in (*head, *lead_matches) if m.kind == "place"]
    return ArticleStory(
        event=story_kind(event) if event else None,
        place=place,
        new_event=new_event,
        local_places=frozenset(m.key for m in named if _key(m) != m.key),
        # No country named up top: the story is its city's (Grenfell Tower, London).
        country_named=any(_key(m) == m.key for m in named),
        event_day=_single_event_day(event, title, head, body, lead_spans, read, published),
    )


def _single_event_day(
    event: str | None,
    title: Normalized,
    head: list[Match],
    body: Normalized,
    lead: list[Span],
    read: dict[Span, list[Match]],
    published: date,
) -> EventDay | None:
    """The day of a single event (an attack, a quake); a standing situation has no one day.

    The headline's and the lead's phrases are those the story has read already.
    """
    if event is None or vocabulary().events[story_kind(event)].get("situation"):
        return None
    spans = [(title.text, tokenize(title.text), head)]
    spans += [
        (body.text, tokenize(body.text, *span), _matches(body, [span], read)) for span in lead
    ]
    return event_day(spans, published)


def _event_of(matches: list[Match], first_only: bool = False) -> str | None:
    """The event the matches name: the first (headline) or the most named (lead).

    A single event beats a standing situation named beside it: "the deadliest bombing of the
    war" is the bombing's story.
    """
    events = vocabulary().events
    named = [m for m in matches if m.kind == "event"]
    single = [m for m in named if not events[m.key].get("situation")]
    chosen = single or named
    if not chosen:
        return None
    if first_only:
        return chosen[0].key
    return Counter(m.key for m in chosen).most_common(1)[0][0]


def story_kind(event: str) -> str:
    """The kind of story an event makes: a bombing, a blast and a shooting are attacks."""
    return str(vocabulary().events[event].get("story", event))


def identity(
    frame: Frame, story: ArticleStory, unit: str, published: str, scope: str | None = None
) -> Identity:
    """The identity of a figure with ``frame`` in an article about ``story``.

    ``published`` (the article's day, ISO) names a story of its own when the article
    announces a new event of a known kind, so it never meets the one before. ``scope`` is
    one the words around the figure give it (``to:abroad``, ``by:study``).
    """
    vocab = vocabulary()
    predicate = vocab.predicates.get(frame.predicate or "", {})
    concept = vocab.concepts.get(frame.concept, {})
    situation = predicate.get("situation") or concept.get("situation")
    own_event = story_kind(frame.event) if frame.event else None
    theatre = vocab.groups.get(frame.group or "", {}).get("theatre")
    # A group's fighters and members, and its own dealings in its theatre (bribes its members
    # paid in Syria and Iraq), belong to the group's story there; people killed or displaced
    # there belong to the place's.
    group_story = frame.group is not None and (
        bool(concept.get("group_tied"))
        or frame.concept.endswith("_fighter")
        or (theatre is not None and frame.place == theatre and frame.concept != "person")
    )
    if group_story:
        # Fighters, members and leaders belong to their group's story in its theatre.
        kind: str | None = frame.group
        place = frame.place
    else:
        if predicate.get("situation_always"):
            kind = str(situation)
        else:
            kind = _story_event(story.event, own_event, situation)
        place = story.place or frame.place
    own_scope = scope
    scope = _NONE
    # Refugees counted where they went: the country they fled is the exodus's origin, not a
    # part of it ("fled Myanmar to Bangladesh" in a story of arrivals in Bangladesh).
    exodus_origin = bool(predicate.get("origin_people")) and place in frame.went_to
    if (
        not group_story
        and not exodus_origin
        and frame.place_named
        and frame.place is not None
        and place is not None
        and frame.place != place
        and place not in frame.place_also
        and not _spans_region(frame.place, place)
    ):
        scope = f"in:{frame.place}"
        if not (
            frame.destination or frame.origin or frame.listed or predicate.get("origin_people")
        ):
            # Syria's toll in a report of the quake in Turkey and Syria is Syria's figure of
            # the quake, which a report from Syria alone states too; refugees counted in
            # Jordan are a part of the exodus from Syria.
            place, scope = frame.place, _NONE
    elif (
        not group_story
        and frame.nationals is not None
        and frame.nationals != place
        and not predicate.get("origin_people")
    ):
        # "7 million Syrians displaced", "40 Egyptians died" in a story of another country:
        # a part counted by nationality, not the story's whole figure.
        scope = f"of:{frame.nationals}"
    elif (
        not group_story
        and frame.local_place is not None
        and frame.place == place
        and story.country_named
        and frame.local_place not in story.local_places
    ):
        # "In Al Haouz province, 1,351 died": a part of the country's toll, unless the
        # headline or lead made that city the story's own place (the Jeddah floods).
        scope = f"in:{frame.local_place}"
    elif own_scope is not None:
        scope = own_scope
    predicate_id = frame.predicate
    # إصابة in an outbreak is a case, not an injury; refugees who arrived somewhere fled there.
    remap: Mapping[str, str] = vocab.events.get(kind or "", {}).get("predicate_as", {})
    predicate_id = remap.get(predicate_id or "", predicate_id)
    if scope == "to:abroad":
        # Those displaced across the border fled abroad.
        predicate_id = predicate.get("abroad_as", predicate_id)
    # A group's own figures carry the group in their story; other figures keep it here.
    group = None if group_story or not concept.get("group_tied") else frame.group
    counted = str(concept.get("quantity_concept", frame.concept))
    quantity = "|".join([predicate_id or _NONE, counted, group or _NONE, scope])
    if unit in ("percent", "fraction"):
        quantity += f"|{unit}"
    quantity_label = _quantity_label(counted, predicate_id, frame.group, scope, unit)
    if place is None or concept.get("context_only"):
        return Identity(None, None, _DEFAULT_WINDOW, quantity, quantity_label)
    # A toll in a named place whose event no lexicon word names still has a story there.
    kind = kind or _NONE
    story_key = f"{kind}|{place}"
    if story.new_event and not group_story:
        # Its own kind, so it never meets the story before: "another earthquake".
        story_key = f"{kind}@{published}|{place}"
    label = _story_label(kind, place)
    return Identity(story_key, label, _window(kind), quantity, quantity_label)


def _story_event(article: str | None, own: str | None, situation: str | None) -> str | None:
    events = vocabulary().events
    # A disaster named by the article is the story of all its counts, the displaced too (but
    # an attack's are its casualties: the displaced of an offensive are a displacement
    # story); a standing situation (war, an epidemic) gives way to the situation the count
    # itself names: refugees of a war are a displacement story.
    single = article is not None and not events[article].get("situation")
    if single and (situation is None or not events[str(article)].get("situations_apart")):
        return article
    return situation or article or own


def _window(kind: str) -> int:
    vocab = vocabulary()
    if kind in vocab.groups:
        return _STANDING_WINDOW
    entry: Mapping[str, Any] = vocab.events.get(kind, {})
    return int(entry.get("window_days", _DEFAULT_WINDOW))


def _story_label(kind: str, place: str) -> str:
    vocab = vocabulary()
    place_label = _place_label(place)
    if kind in vocab.events:
        return f"{vocab.events[kind]['label']} in {place_label}"
    if kind in vocab.groups:
        return f"{vocab.groups[kind]['label']} in {place_label}"
    return place_label


@lru_cache(maxsize=1 << 14)
def _quantity_label(
    concept: str, predicate: str | None, group: str | None, scope: str, unit: str
) -> str:
    vocab = vocabulary()
    entry = vocab.predicates.get(predicate or "", {})
    words = []
    group_label = vocab.groups[group]["label"] if group is not None else None
    if group_label and not entry.get("object_group"):
        words.append(group_label)
    words.append(concept_label(concept))
    if entry:
        words.append(str(entry["label"]))
    if group_label and entry.get("object_group"):
        words.append(group_label)
    text = " ".join(words)
    role, _, value = scope.partition(":")
    if role == "in":
        text += f" (in {_place_label(value)})"
    elif role == "of":
        text += f" (of {_place_label(value)})"
    elif role == "by":
        text += f" (by a {value})"
    elif role == "to":
        text += f" (to {value})"
    if unit in ("percent", "fraction"):
        text = f"share of {text}"
    return text


def _named_countries(lead: list[Match], frames: list[Frame]) -> Counter[str]:
    """How often the lead and the figures name each place, a list of places counting for each."""
    counts: Counter[str] = Counter(_key(m) for m in lead if m.kind == "place")
    for frame in frames:
        if frame.place is not None and not frame.destination:
            for member in _members(frame.place):
                counts[member] += _FRAME_WEIGHT
    return counts


def _members(place: str) -> tuple[str, ...]:
    combination = vocabulary().combination_members.get(place)
    return combination if combination is not None else tuple(place.split("+"))


def _spans_region(place: str, region: str) -> bool:
    """Whether ``place`` lists several countries of ``region``: the region's total, no part."""
    places = vocabulary().places
    members = _members(place)
    return len(members) >= _SPREAD_COUNTRIES and all(
        places.get(member, {}).get("continent") == region for member in members
    )


def _named_together(place: str, frames: list[Frame], lead: list[tuple[int, int]]) -> str | None:
    """The countries a lead figure names together with ``place``, as one place.

    "struck southern Turkey and northern Syria, killing 2,300" is a story of both, and each
    one's count is a part of it.
    """
    for frame in frames:
        start = frame.concept_span[0]
        if frame.place is None or not any(a <= start < b for a, b in lead):
            continue
        members = _members(frame.place)
        if len(members) > 1 and place in members:
            return frame.place
    return None


def _place_label(place: str) -> str:
    """``Syria``; places named together read ``Syria and Turkey``."""
    labels = vocabulary().place_labels
    names = [labels.get(key, key.replace("_", " ").title()) for key in place.split("+")]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def _spread_region(scores: Counter[str]) -> str | None:
    """The continent of an outbreak's article spread evenly over several of its countries.

    An epidemic across Guinea, Liberia and Sierra Leone gives its totals for the region, and
    the article that names Liberia most is as much about the outbreak as the next one: keyed
    on one of the countries, the totals of consecutive articles would never meet.
    """
    places = vocabulary().places
    countries = [
        (key, score)
        for key, score in scores.most_common()
        if key in places and "within" not in places[key] and not places[key].get("region")
    ]
    continents = {places[key].get("continent") for key, _ in countries}
    if len(countries) < _SPREAD_COUNTRIES or len(continents) != 1 or None in continents:
        return None
    if countries[0][1] >= _DOMINANT * countries[1][1]:
        return None
    return continents.pop()


def _best_place(scores: Counter[str]) -> str | None:
    # A continent or region ("Europe", "the Middle East") is a story's place only when no
    # country is named: refugees reaching Europe are still Ukraine's.
    places = vocabulary().places
    ranked = [key for key, _ in scores.most_common()]
    countries = [key for key in ranked if not places.get(key, {}).get("region")]
    best = countries or ranked
    return best[0] if best else None


def _lead(text: str, title: str) -> list[tuple[int, int]]:
    """The first sentences of real prose in the folded body's first part, as spans.

    Page furniture ("Oops.", "Home > World", a date line, the headline printed again) comes
    before the story: sentences of fewer than ``_LEAD_WORDS`` words, and the headline's
    own words, are passed over.
    """
    head = text[: LEAD_CHARS * 2]
    headline = title.split()
    spans = (
        s
        for s in iter_sentence_spans(head)
        if len(words := head[s[0] : s[1]].split()) >= _LEAD_WORDS and words != headline
    )
    # The lead is the first sentences: the rest of the head is not split.
    return list(islice(spans, _LEAD_SENTENCES))


def _matches(
    norm: Normalized, spans: list[Span], read: dict[Span, list[Match]] | None = None
) -> list[Match]:
    """Lexicon phrases of the spans, as one token list: no clauses or figures are needed.

    ``read`` remembers the phrases of single spans, for a span read twice.
    """
    if read is not None and len(spans) == 1 and spans[0] in read:
        return without_named(list(read[spans[0]]))
    tokens = [t for start, end in spans for t in tokenize(norm.text, start, end)]
    if not tokens:
        return []
    vocab = vocabulary()
    # Names that count only in their exact case (Kathmandu, not kathmandu) need the original.
    found = accusative_nisbas(
        vocab.index.find(tokens) + exact_case_names(tokens, vocab, norm.slice), tokens
    )
    if read is not None and len(spans) == 1:
        read[spans[0]] = found
    return without_named(list(found))


def _key(match: Match) -> str:
    # Cities and regions count for their country: Jeddah and Saudi Arabia are one place.
    if match.kind in ("place", "place_adjective"):
        return str(vocabulary().places[match.key].get("within", match.key))
    return match.key


def _first(matches: list[Match], kind: str) -> str | None:
    return next((_key(m) for m in matches if m.kind == kind), None)


def _most_of(keys: Iterable[str | None]) -> str | None:
    counts = Counter(key for key in keys if key is not None)
    return counts.most_common(1)[0][0] if counts else None


def _most(matches: list[Match], kind: str) -> str | None:
    counts = Counter(_key(m) for m in matches if m.kind == kind)
    if not counts:
        return None
    # Counter keeps first-seen order, so the first named wins a tie.
    return counts.most_common(1)[0][0]
