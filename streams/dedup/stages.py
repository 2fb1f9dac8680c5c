"""Pure steps of deduplication: digests, event hours, updates and the near-duplicate decision.

:mod:`streams.dedup.index` runs them over the one dedup index.
"""

from __future__ import annotations

from schemas.article import ArticleEnvelope
from schemas.dedup import ArticleDigest, OrderKey
from schemas.duplicate import DuplicateKind, DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.content import article_ref, fingerprint, openings, shingles, text_lines
from streams.dedup.sketch import band_keys, compact, minhash, opening_keys

_SECONDS_PER_HOUR = 3600

_SAME_SHARE = 0.1
"""Estimated shares closer than this are within the sketches' error of one another."""


def order_key(envelope: ArticleEnvelope) -> OrderKey:
    """Total order of articles: ingest timestamp (ms), input partition, input offset."""
    ingest = envelope.ingest
    return (int(ingest.timestamp.timestamp() * 1000), ingest.partition, ingest.offset)


def event_hour(envelope: ArticleEnvelope) -> int:
    """Event time of an article for retention: hours since the epoch of ``published_at``."""
    published = envelope.article.published_at or envelope.ingest.timestamp
    return int(published.timestamp() // _SECONDS_PER_HOUR)


def digest_article(
    envelope: ArticleEnvelope, config: DedupConfig, order: OrderKey | None = None
) -> ArticleDigest:
    """Fingerprint, sketch and band keys of an article.

    The band keys are the whole text's and those of its first ``stored_openings`` openings;
    the keys of its further openings are only looked up (``lookup_keys``).
    """
    article = envelope.article
    body = text_lines(article.body)
    lines = text_lines(article.title) + body
    grams = shingles(lines, config.shingle_words)
    values = minhash(grams, config)
    windows = openings(
        body,
        config.shingle_words,
        config.openings,
        config.opening_shingles,
        config.paragraph_words,
    )
    keyed = [opening_keys(window, config) for window in windows]
    stored = band_keys(values, config)
    for keys in keyed[: config.stored_openings]:
        stored.extend(key for key in keys if key not in stored)
    looked_up: list[str] = []
    for keys in keyed[config.stored_openings :]:
        looked_up.extend(key for key in keys if key not in stored and key not in looked_up)
    return ArticleDigest(
        article_id=article.id,
        ref=article_ref(article.id),
        fingerprint=fingerprint(lines),
        sketch=compact(values, config.sketch_bits) if values else "",
        size=len(grams),
        hour=event_hour(envelope),
        order=order or order_key(envelope),
        band_keys=stored,
        lookup_keys=looked_up,
    )


def updated(envelope: ArticleEnvelope, previous_hour: int) -> ArticleEnvelope:
    """The envelope of an update, timed when the update was made.

    A newer ``published_at`` stands; else a ``fetched_at`` after it; else the time the update
    arrived. Its figures are then reports of that time, after the version they replace.
    """
    article = envelope.article
    published = article.published_at
    if published is not None and event_hour(envelope) > previous_hour:
        return envelope
    if article.fetched_at is not None and (published is None or article.fetched_at > published):
        at = article.fetched_at
    else:
        at = envelope.ingest.timestamp
    return envelope.model_copy(update={"article": article.model_copy(update={"published_at": at})})


def decide(
    envelope: ArticleEnvelope, own: OrderKey, matches: list[tuple[OrderKey, float, str]]
) -> DuplicateRecord | None:
    """The near-duplicate record of an article from its verified matches; None: it passes on.

    ``matches`` are ``(order, share, article id)`` of earlier-inserted articles whose sketches
    hold enough of this one. Only an article earlier in the total order can be the original:
    a redelivered article meets the copies processed after it, and stays their original. The
    original holds most of the article (a cut copy is wholly in its original, and may be half
    in a story that quotes a sentence of it); of those holding about as much, the first,
    which the others copied.
    """
    earlier = [match for match in matches if tuple(match[0]) < own]
    if not earlier:
        return None
    best = max(score for _order, score, _other in earlier)
    _order, score, original = min(e for e in earlier if e[1] >= best - _SAME_SHARE)
    return duplicate_record(envelope, original, "near", score)


def duplicate_record(
    envelope: ArticleEnvelope, duplicate_of: str, kind: DuplicateKind, score: float
) -> DuplicateRecord:
    """The duplicate record of ``envelope``: a ``kind`` copy of ``duplicate_of``."""
    article = envelope.article
    return DuplicateRecord(
        article_id=article.id,
        duplicate_of=duplicate_of,
        kind=kind,
        similarity=score,
        source=article.source,
        published_at=article.published_at or envelope.ingest.timestamp,
        ingest_offset=envelope.ingest.offset,
    )
