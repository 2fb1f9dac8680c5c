"""Turn the number mentions of an article into claims: frame, metric key, label, evidence."""

from __future__ import annotations

import hashlib
from bisect import bisect_right

from schemas.article import Article
from schemas.claim import Claim
from streams.claims.attribution import attribution_span
from streams.claims.context import dominant_group
from streams.claims.frame import Frame, SentenceView, build_frame, view_sentence
from streams.claims.mention import NumberMention
from streams.claims.metric_key import label, metric_key
from streams.text.normalize import Normalized
from streams.text.sentences import sentence_spans


def build_claims(article: Article, norm: Normalized, mentions: list[NumberMention]) -> list[Claim]:
    """Claims of ``article`` for the ``mentions`` found in ``norm`` (the folded body).

    Only sentences holding a mention are tokenized, so the cost follows the number of
    figures, not the length of the article.
    """
    if not mentions or article.published_at is None:
        return []
    sentences = sentence_spans(norm.text)
    starts = [s for s, _ in sentences]
    by_sentence: dict[int, list[NumberMention]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        index = bisect_right(starts, mention.start) - 1
        if index >= 0 and mention.end <= sentences[index][1]:
            by_sentence.setdefault(index, []).append(mention)
    group = dominant_group(norm.text)
    claims: list[Claim] = []
    previous: Frame | None = None
    for index in sorted(by_sentence):
        start, end = sentences[index]
        in_sentence = by_sentence[index]
        view = view_sentence(norm.text, start, end, in_sentence)
        described: set[int] = set()
        for mention in in_sentence:
            left, right = view.mention_tokens(mention)
            if described.intersection(range(left, right)):
                continue
            frame = build_frame(view, mention, previous, group)
            if frame is None:
                continue
            described |= frame.used_tokens
            previous = frame
            claims.append(_claim(article, norm, view, mention, frame, (start, end)))
    return claims


def _claim(
    article: Article,
    norm: Normalized,
    view: SentenceView,
    mention: NumberMention,
    frame: Frame,
    sentence: tuple[int, int],
) -> Claim:
    value_start, value_end = norm.span(mention.start, mention.end)
    evidence_start, evidence_end = norm.span(*sentence)
    left, right = view.mention_tokens(mention)
    source = attribution_span(view, left, right)
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
