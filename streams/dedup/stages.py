"""The dedup stages as pure functions over injected key-value stores.

Each stage reads and writes only the entries of its own key, so a stage runs on a Faust table
partitioned by that key: article id (resend and verdict), content fingerprint (exact) and
band partition (near). Stored values are JSON lists and dicts. Tables must see every change
as an assignment, so stored values are replaced, never mutated in place.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

from schemas.article import ArticleEnvelope
from schemas.dedup import (
    ArticleDigest,
    BandMatch,
    BandProbe,
    BandReply,
    DedupPending,
    DigestedArticle,
    OrderKey,
)
from schemas.duplicate import DuplicateKind, DuplicateRecord
from streams.dedup.config import DedupConfig
from streams.dedup.content import (
    article_ref,
    article_version,
    fingerprint,
    openings,
    shingles,
    text_lines,
)
from streams.dedup.sketch import (
    band_keys,
    band_partition,
    compact,
    containment,
    estimate_jaccard,
    minhash,
    opening_keys,
    required_share,
)

Store = MutableMapping[str, Any]
"""A key-value store: a dict, or a Faust table partitioned by the stage's key."""

_ENTRY_FIELDS = 4
"""An id entry: event hour, input partition, input offset, content hash."""

MAX_BUCKET = 16
"""Articles kept per band key. Articles sharing a key are mostly copies of one another, so a
full bucket is a burst of copies; the earliest inserted stay, so later copies still find them."""

_SECONDS_PER_HOUR = 3600

_SAME_SHARE = 0.1
"""Estimated shares closer than this are within the sketches' error of one another."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The outcome for one article: passed on (``duplicate`` is None) or a duplicate."""

    article_id: str
    envelope_json: str
    """The article's envelope as JSON, ready for the topic of unique articles."""
    duplicate: DuplicateRecord | None


def order_key(envelope: ArticleEnvelope) -> OrderKey:
    """Total order of articles: ingest timestamp (ms), input partition, input offset."""
    ingest = envelope.ingest
    return (int(ingest.timestamp.timestamp() * 1000), ingest.partition, ingest.offset)


def event_hour(envelope: ArticleEnvelope) -> int:
    """Event time of an article for retention: hours since the epoch of ``published_at``."""
    published = envelope.article.published_at or envelope.ingest.timestamp
    return int(published.timestamp() // _SECONDS_PER_HOUR)


def arrival_hour(order: OrderKey) -> int:
    """Hours since the epoch of an article's ingest timestamp (the first part of its order)."""
    return order[0] // (_SECONDS_PER_HOUR * 1000)


def digest_article(
    envelope: ArticleEnvelope, config: DedupConfig, order: OrderKey | None = None
) -> ArticleDigest:
    """Fingerprint, sketch and band keys of an article.

    The band keys are the whole text's and those of its first ``stored_openings`` openings;
    the keys of its further openings are only looked up (``lookup_keys``). ``order`` (by
    default :func:`order_key`) places the article in the total order of articles.
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


def check_resend(ids: Store, envelope: ArticleEnvelope) -> DuplicateRecord | ArticleEnvelope:
    """Stage A, keyed by article id: the same id with the same content is a resend.

    Returns the duplicate record of a resend, else the envelope to pass on. Runs before the
    article is digested, so a resend costs one lookup and a hash. The entry keeps the input
    coordinates of the first copy: the same input message delivered again (at-least-once
    after a crash) is processed again rather than taken for a resend of itself, and the later
    stages treat it as the same article, so it is never lost. The same id with new content is
    an update (a live page changes its toll in place): it passes on, timed at the update (see
    :func:`updated`), and replaces the entry.
    """
    ref = article_ref(envelope.article.id)
    coordinates = [envelope.ingest.partition, envelope.ingest.offset]
    content = article_version(envelope.article)
    seen = ids.get(ref)
    if seen is not None:
        if list(seen[1:3]) == coordinates:
            return envelope
        # Entries written before content hashes were kept have three fields: a resend.
        if len(seen) < _ENTRY_FIELDS or seen[3] == content:
            return _record(envelope, envelope.article.id, "resend", 1.0)
        envelope = updated(envelope, seen[0])
    ids[ref] = [event_hour(envelope), *coordinates, content]
    return envelope


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


def check_exact(fingerprints: Store, digested: DigestedArticle) -> DuplicateRecord | None:
    """Stage B, keyed by fingerprint: other id, same folded content is an exact copy.

    Copies of one content always meet in one partition and are checked one after the other,
    so the first one processed there is the original.
    """
    digest = digested.digest
    seen = fingerprints.get(digest.fingerprint)
    if seen is not None and seen[0] != digest.article_id:
        return _record(digested.envelope, seen[0], "exact", 1.0)
    fingerprints[digest.fingerprint] = [digest.article_id, digest.hour]
    return None


def fan_out(digested: DigestedArticle, partitions: int) -> tuple[DedupPending, list[BandProbe]]:
    """After stage B: the pending article for stage D and one probe per band partition."""
    digest = digested.digest
    by_partition: dict[int, tuple[list[str], list[str]]] = {}
    for keys, lookup in ((digest.band_keys, False), (digest.lookup_keys, True)):
        for key in keys:
            by_partition.setdefault(band_partition(key, partitions), ([], []))[lookup].append(key)
    probes = [
        BandProbe(
            partition=partition,
            article_id=digest.article_id,
            ref=digest.ref,
            sketch=digest.sketch,
            size=digest.size,
            hour=digest.hour,
            order=digest.order,
            band_keys=stored,
            lookup_keys=looked_up,
        )
        for partition, (stored, looked_up) in sorted(by_partition.items())
    ]
    pending = DedupPending(
        envelope=digested.envelope, order=digest.order, partitions=sorted(by_partition)
    )
    return pending, probes


def probe_bands(bands: Store, sketches: Store, probe: BandProbe, config: DedupConfig) -> BandReply:
    """Stage C, per band partition: find articles sharing a band, verify them, insert this one.

    ``bands`` maps a band key to the refs of articles having it; ``sketches`` maps a ref to
    ``[article_id, sketch, size, hour, order]``. Both live in the band partition, so the
    verification needs no other partition. A match's similarity is the share of the probing
    article's shingles found in the other: a cut copy is wholly in its original, a copy under
    a site's own lead mostly, while an article that quotes a short earlier brief is mostly
    new. The article's sketch is stored only where it inserts a band key; its lookup keys
    find candidates and are not inserted. Probing twice (a redelivery) finds no new match and
    inserts nothing new.
    """
    candidates: dict[str, None] = {}
    for key in probe.band_keys:
        refs: list[str] = bands.get(key) or []
        candidates.update(dict.fromkeys(refs))
        if probe.ref not in refs and len(refs) < MAX_BUCKET:
            bands[key] = [*refs, probe.ref]
    for key in probe.lookup_keys:
        candidates.update(dict.fromkeys(bands.get(key) or []))
    candidates.pop(probe.ref, None)
    matches = []
    for ref in candidates:
        entry = sketches.get(ref)
        # A sketch of another length was stored under other parameters: it cannot be compared.
        if entry is None or len(entry[1]) != len(probe.sketch):
            continue
        other_id, other_sketch, other_size, _hour, other_order = entry
        jaccard = estimate_jaccard(probe.sketch, other_sketch, config)
        score = containment(jaccard, probe.size, other_size)
        if score >= required_share(probe.size, other_size, config):
            matches.append(
                BandMatch(article_id=other_id, similarity=round(score, 4), order=tuple(other_order))
            )
    if probe.band_keys:
        sketches[probe.ref] = [
            probe.article_id,
            probe.sketch,
            probe.size,
            probe.hour,
            list(probe.order),
        ]
    return BandReply(article_id=probe.article_id, partition=probe.partition, matches=matches)


def open_pending(pending: Store, message: DedupPending) -> Verdict | None:
    """Stage D, keyed by article id: register the article; decide if all replies are in."""
    envelope = message.envelope
    article_id = envelope.article.id
    entry = dict(pending.get(article_id) or {"replies": {}})
    # The envelope is kept as the JSON its next topic carries: it is passed on, never read.
    entry["envelope"] = envelope.model_dump_json()
    entry["record"] = [
        envelope.article.source,
        (envelope.article.published_at or envelope.ingest.timestamp).isoformat(),
        envelope.ingest.offset,
    ]
    entry["order"] = list(message.order)
    entry["partitions"] = message.partitions
    # Dated by arrival, not publication: an article still in flight must never be dropped for
    # being old news, or it would vanish between the stages.
    entry["hour"] = arrival_hour(message.order)
    return _settle(pending, article_id, entry)


def collect_reply(pending: Store, reply: BandReply, hour: int | None = None) -> Verdict | None:
    """Stage D, keyed by article id: record one band partition's reply; decide if complete.

    ``hour`` (an arrival hour) dates a reply that arrives before its article, so that retention
    can drop it if the article never comes; the article's arrival hour replaces it when it does.
    """
    entry = dict(pending.get(reply.article_id) or {"replies": {}})
    if hour is not None and "hour" not in entry:
        entry["hour"] = hour
    replies = dict(entry["replies"])
    replies[str(reply.partition)] = [
        [m.article_id, m.similarity, list(m.order)] for m in reply.matches
    ]
    entry["replies"] = replies
    return _settle(pending, reply.article_id, entry)


def _settle(pending: Store, article_id: str, entry: dict[str, Any]) -> Verdict | None:
    if "envelope" not in entry or any(str(p) not in entry["replies"] for p in entry["partitions"]):
        pending[article_id] = entry
        return None
    pending.pop(article_id, None)
    own = tuple(entry["order"])
    # Only an article earlier in the total order can be the original: when two copies are
    # probed concurrently and each finds the other, just the later one becomes a duplicate.
    earlier = [
        (tuple(order), score, other)
        for partition in entry["partitions"]
        for other, score, order in entry["replies"][str(partition)]
        if tuple(order) < own
    ]
    if not earlier:
        return Verdict(article_id, entry["envelope"], None)
    # The original holds most of the article (a cut copy is wholly in its original, and may
    # be half in a story that quotes a sentence of it); of those holding about as much, the
    # first, which the others copied.
    best = max(score for _order, score, _other in earlier)
    _order, score, original = min(e for e in earlier if e[1] >= best - _SAME_SHARE)
    source, published_at, offset = entry["record"]
    record = DuplicateRecord(
        article_id=article_id,
        duplicate_of=original,
        kind="near",
        similarity=score,
        source=source,
        published_at=published_at,
        ingest_offset=offset,
    )
    return Verdict(article_id, entry["envelope"], record)


def _record(
    envelope: ArticleEnvelope, duplicate_of: str, kind: DuplicateKind, score: float
) -> DuplicateRecord:
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
