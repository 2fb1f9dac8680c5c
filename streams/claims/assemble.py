"""Turn the number mentions of an article into claims: frame, metric key, label, evidence."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from typing import Generic, NamedTuple, TypeVar

from schemas.article import Article
from schemas.claim import Claim
from schemas.observation import Status
from streams.claims.attribution import attribution_span
from streams.claims.context import dominant_group
from streams.claims.event_day import EventDay
from streams.claims.frame import Frame, SentenceView, build_frame, view_sentence
from streams.claims.frame_key import frame_key
from streams.claims.mention import NumberMention
from streams.claims.story import Identity, article_story, identity
from streams.claims.temporal import moved_range, temporal_status
from streams.claims.vocab import Match
from streams.dedup.content import article_version
from streams.text.normalize import Normalized, normalize
from streams.text.sentences import sentence_of

T = TypeVar("T")


def build_claims(article: Article, norm: Normalized, mentions: list[NumberMention]) -> list[Claim]:
    """Claims of ``article`` for the ``mentions`` found in ``norm`` (the folded body).

    Only sentences holding a mention are tokenized, so the cost follows the number of
    figures, not the length of the article.
    """
    if not mentions or article.published_at is None:
        return []
    by_sentence: dict[tuple[int, int], list[NumberMention]] = {}
    sentence: tuple[int, int] | None = None
    for mention in sorted(mentions, key=lambda m: m.start):
        if sentence is None or not sentence[0] <= mention.start < sentence[1]:
            floor = 0 if sentence is None or sentence[1] > mention.start else sentence[1]
            sentence = sentence_of(norm.text, mention.start, floor)
        if sentence is not None and mention.end <= sentence[1]:
            by_sentence.setdefault(sentence, []).append(mention)
    # Read only when a figure of fighters or members names no group: most articles never do.
    group = _Once(partial(dominant_group, norm.text))
    found: list[_Found] = []
    published = (article.published_at.year, article.published_at.month)
    previous: Frame | None = None
    # The phrases of each sentence read: the story reads its lead's again otherwise.
    phrases: dict[tuple[int, int], list[Match]] = {}
    for (start, end), in_sentence in by_sentence.items():
        view = view_sentence(norm.text, start, end, in_sentence, norm.slice)
        phrases[start, end] = view.found
        described: set[int] = set()
        for mention in in_sentence:
            left, right = view.mention_tokens(mention)
            if described.intersection(range(left, right)):
                continue
            source = _Once(partial(attribution_span, view, left, right))
            frame = build_frame(view, mention, previous, group, partial(_tokens_of, view, source))
            if frame is None or _fractional_count(mention, frame):
                continue
            described |= frame.used_tokens
            previous = frame
            noun_end = max((i + 1 for i in frame.used_tokens if i >= right), default=right)
            status = temporal_status(view, left, right, noun_end, published)
            if mention.qualifier == "range" and moved_range(view, left, right):
                # "rose from 1 to 4": the figure now is 4; 1 is the one it replaced.
                mention = mention._replace(low=mention.high, qualifier="exact")
            scope = _scope(view, left, right)
            part = any(m.last == left for m in view.of("parts_before"))
            found.append(_Found(mention, frame, (start, end), source(), status, scope, part))
    if not found:
        return []
    story = article_story(
        normalize(article.title),
        norm,
        (item.frame for item in found),
        article.published_at.date(),
        phrases,
    )
    day = article.published_at.date().isoformat()
    version = article_version(article)
    claims = []
    for item in found:
        unit = _unit(item.mention, item.frame)
        figure = identity(item.frame, story, unit, day, item.scope)
        claims.append(_claim(article, norm, item, unit, figure, version, story.event_day))
    parts = {index for index, item in enumerate(found) if item.part}
    return _mark_primary(claims, article.title, parts)


class _Found(NamedTuple):
    """A figure with its frame, before the article's story is known."""

    mention: NumberMention
    frame: Frame
    sentence: tuple[int, int]
    source: tuple[int, int] | None
    status: Status
    scope: str | None
    """A scope the words around the figure give it: `to:abroad`, `by:study`."""
    part: bool = False
    """Introduced as a part of the figure before it ("including 12 children", «بينهم»)."""


def _scope(view: SentenceView, left: int, right: int) -> str | None:
    """The scope the words around the figure at tokens ``[left, right)`` give it, if any.

    The border a figure's people crossed sits in its own clause, with no other figure
    between (``to:abroad``: "11.58 million inside Sudan and 4 million across the border" puts
    only the 4 million abroad); the study credited may sit in another ("..., according to a
    new study": ``by:study``), unless the sentence gives the official count.
    """
    clause = view.clause_of(left)
    for match in view.of("abroad"):
        between = range(right, match.first) if match.first >= right else range(match.last, left)
        if clause[0] <= match.first < clause[1] and not view.number_tokens.intersection(between):
            return "to:abroad"
    if view.of("official"):
        return None
    tally = next((m.key for m in view.of("tally")), None)
    return f"by:{tally}" if tally else None


def _fractional_count(mention: NumberMention, frame: Frame) -> bool:
    """A count of people or things is whole: "2.8 fled" lost its scale word (2.8 million)."""
    if mention.relative or frame.unit is not None:
        return False
    return not (float(mention.low).is_integer() and float(mention.high).is_integer())


def _unit(mention: NumberMention, frame: Frame) -> str:
    return mention.unit if mention.relative else (frame.unit or mention.unit)


def _mark_primary(claims: list[Claim], title: str, parts: set[int] | None = None) -> list[Claim]:
    """Mark each figure's stated value in the article: its first current, definite claim.

    A figure given as a part of another (``parts``: "among them 3,000 registered refugees")
    states its key's value only when no whole figure of that key does.

    A lead states the figure; later mentions recap it, break it down or quote its sources.
    A vague count stands only when the article gives nothing more definite, and a round
    figure ("toll crosses 3,200") gives way to a more precise one the article gives for it
    (3,218). A headline repeated at the top of the body is read last: it rounds, and sums
    what the body keeps apart ("above 4,500 in Nepal, India and Tibet").
    """
    headline = " ".join(title.split())
    # A headline the body prints again may be split into sentences there ("... 1,753 dead..
    # Iran and Egypt hardest hit").
    in_headline = {
        i for i, c in enumerate(claims) if headline and " ".join(c.evidence.split()) in headline
    }
    in_body = [i for i in range(len(claims)) if i not in in_headline]
    scoped = {
        (claims[i].story_key, claims[i].predicate, claims[i].value_low): claims[i].metric_key
        for i in in_body
        if claims[i].status == "current"
    }
    parts = parts or set()
    chosen: dict[str, int] = {}
    wholes = [i for i in (*in_body, *sorted(in_headline)) if i not in parts]
    for index in (*wholes, *sorted(parts)):
        if index in parts and claims[index].metric_key in chosen:
            continue
        claim = claims[index]
        if claim.status != "current" or (index in in_headline and claim.metric_key in chosen):
            continue
        # "Toll rises to 1,753" over a body that credits the 1,753 to an agency's own tally:
        # the headline states the body's figure, whose sentence says whose count it is.
        body_key = scoped.get((claim.story_key, claim.predicate, claim.value_low))
        if index in in_headline and body_key not in (None, claim.metric_key):
            continue
        known = chosen.get(claim.metric_key)
        if known is None or _more_definite(claim, claims[known]):
            chosen[claim.metric_key] = index
    primary = set(chosen.values())
    return [
        claim
        if (index in primary) == claim.primary
        else claim.model_copy(update={"primary": index in primary})
        for index, claim in enumerate(claims)
    ]


_ROUND_FLOOR = 100
_ROUND_DIGITS = 2
_ROUND_SPREAD = 0.10
"""How far a precise count may lie from the round figure it refines."""


def _more_definite(later: Claim, first: Claim) -> bool:
    if first.qualifier == "vague":
        return later.qualifier != "vague"
    # "two million fled" is refined by "more than 2.2 million crossed the border" as by 2.2M.
    refining_bound = later.qualifier == "at_least" and first.qualifier == "exact"
    if later.qualifier not in ("exact", first.qualifier) and not refining_bound:
        return False
    if _significant(later.value_low) <= _significant(first.value_low) or not _round(
        first.value_low
    ):
        return False
    value, bound = later.value_low, first.value_low
    if abs(value - bound) > _ROUND_SPREAD * bound:
        return False
    # The precise count must fit the round figure's own bound: "more than 1,000" is not
    # refined by 968 (the previous record the article compares it with).
    if first.qualifier == "at_least":
        return value >= bound
    if first.qualifier == "at_most":
        return value <= bound
    return True


def _round(value: float) -> bool:
    """Two significant digits or fewer, in a number of three digits or more (3,200; 1.2M)."""
    return value >= _ROUND_FLOOR and _significant(value) <= _ROUND_DIGITS


def _significant(value: float) -> int:
    """Significant digits of a whole number: 3,218 has 4, 3,200 has 2, 2,000 has 1."""
    if not float(value).is_integer():
        return len(str(value).replace(".", "").strip("0"))
    return len(str(int(value)).rstrip("0")) or 1


class _Once(Generic[T]):
    """A value computed on first use only (cheaper than functools.cache per figure)."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], T]) -> None:
        self._make: Callable[[], T] | None = make
        self._value: T | None = None

    def __call__(self) -> T:
        if self._make is not None:
            self._value, self._make = self._make(), None
        return self._value  # type: ignore[return-value]


def _tokens_of(view: SentenceView, source: Callable[[], tuple[int, int] | None]) -> frozenset[int]:
    span = source()
    if span is None:
        return frozenset()
    return frozenset(i for i, t in enumerate(view.tokens) if span[0] <= t.start < span[1])


def _claim(
    article: Article,
    norm: Normalized,
    item: _Found,
    unit: str,
    figure: Identity,
    version: str,
    day: EventDay | None,
) -> Claim:
    mention, frame, source = item.mention, item.frame, item.source
    value_start, value_end = norm.span(mention.start, mention.end)
    evidence_start, evidence_end = norm.span(*item.sentence)
    surface = article.body[value_start:value_end]
    # The surface is part of the id: an article updated in place under its id (a live page)
    # gives new claims for its new figures, not the old claims again.
    material = f"{article.id}\n{value_start}:{value_end}\n{surface}".encode()
    return Claim(
        claim_id=hashlib.sha256(material).hexdigest()[:24],
        article_id=article.id,
        source=article.source,
        url=article.url,
        language=article.language,
        published_at=article.published_at,
        value_low=mention.low,
        value_high=mention.high,
        qualifier=mention.qualifier,
        unit=unit,
        attribution=norm.slice(*source).strip() if source else None,
        surface=surface,
        evidence=article.body[evidence_start:evidence_end],
        evidence_start=evidence_start,
        evidence_end=evidence_end,
        metric_key=figure.metric_key,
        label=figure.label,
        frame_key=frame_key(frame, unit),
        story_key=figure.story_key,
        story_label=figure.story_label,
        story_window_days=figure.window_days,
        event_day=day.day if day else None,
        event_day_margin=day.margin if day else 0,
        quantity=figure.quantity,
        quantity_label=figure.quantity_label,
        status=item.status,
        version=version,
        concept=frame.concept,
        concept_text=norm.slice(*frame.concept_span),
        predicate=frame.predicate,
        group=frame.group,
        place=frame.place,
        event=frame.event,
        relative=mention.relative,
        value_start=value_start,
        value_end=value_end,
        title=article.title,
    )
