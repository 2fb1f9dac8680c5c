"""Turn the number mentions of an article into claims: frame, metric key, label, evidence."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import partial
from typing import Generic, TypeVar

from schemas.article import Article
from schemas.claim import Claim
from streams.claims.attribution import attribution_span
from streams.claims.context import dominant_group
from streams.claims.frame import Frame, SentenceView, build_frame, view_sentence
from streams.claims.mention import NumberMention
from streams.claims.metric_key import label, metric_key
from streams.text.normalize import Normalized
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
    claims: list[Claim] = []
    previous: Frame | None = None
    for (start, end), in_sentence in by_sentence.items():
        view = view_sentence(norm.text, start, end, in_sentence, norm.slice)
        described: set[int] = set()
        for mention in in_sentence:
            left, right = view.mention_tokens(mention)
            if described.intersection(range(left, right)):
                continue
            source = _Once(partial(attribution_span, view, left, right))
            frame = build_frame(view, mention, previous, group, partial(_tokens_of, view, source))
            if frame is None:
                continue
            described |= frame.used_tokens
            previous = frame
            claims.append(_claim(article, norm, mention, frame, (start, end), source()))
    return claims


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
    mention: NumberMention,
    frame: Frame,
    sentence: tuple[int, int],
    source: tuple[int, int] | None,
) -> Claim:
    value_start, value_end = norm.span(mention.start, mention.end)
    evidence_start, evidence_end = norm.span(*sentence)
    unit = mention.unit if mention.relative else (frame.unit or mention.unit)
    material = f"{article.id}\n{value_start}:{value_end}".encode()
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
        surface=article.body[value_start:value_end],
        evidence=article.body[evidence_start:evidence_end],
        evidence_start=evidence_start,
        evidence_end=evidence_end,
        metric_key=metric_key(frame, unit),
        label=label(frame, unit),
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
