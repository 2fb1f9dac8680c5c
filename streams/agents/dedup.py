"""Agents of deduplication: four repartitioned stages over Faust tables.

valid articles (by id: resends) -> digests (by fingerprint: exact copies) -> band probes (by
band partition: near copies) and pending articles -> replies (by id: the verdict) -> unique
articles or duplicate records. Each stage calls one pure function of ``streams.dedup.stages``.

Retention: before each event, a stage may sweep a few keys of its tables' partition of that
event (see :class:`streams.agents.retention.Retention`).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import faust
from faust.types import EventT

from schemas.article import ArticleEnvelope
from schemas.codec import encode
from schemas.dedup import BandProbe, BandReply, DedupPending, DigestedArticle
from schemas.duplicate import DuplicateRecord
from streams import metrics, tables, topics
from streams.agents.common import dead_letter_on_error, decode_or_dead_letter
from streams.agents.retention import Retention, SweptTable
from streams.app import app
from streams.dedup.config import DedupConfig
from streams.dedup.retention import (
    expire_bands,
    expire_fingerprints,
    expire_ids,
    expire_pending,
    expire_sketches,
)
from streams.dedup.stages import (
    Verdict,
    arrival_hour,
    check_exact,
    check_resend,
    collect_reply,
    digest_article,
    event_hour,
    fan_out,
    open_pending,
    probe_bands,
)
from streams.event_time import clock_hour
from streams.logs import get_logger
from streams.settings import get_settings

STAGE = "dedup"
_log = get_logger(STAGE)
_settings = get_settings()
_config = DedupConfig(threshold=_settings.dedup_threshold, retention_days=_settings.retention_days)
_MS_PER_HOUR = 3_600_000


_ids_retention = Retention(
    SweptTable(
        "dedup-ids",
        tables.dedup_ids.table,
        lambda keys, cutoff: expire_ids(tables.dedup_ids, keys, cutoff),
    ),
    retention_days=_config.retention_days,
)
_fingerprints_retention = Retention(
    SweptTable(
        "dedup-fingerprints",
        tables.dedup_fingerprints.table,
        lambda keys, cutoff: expire_fingerprints(tables.dedup_fingerprints, keys, cutoff),
    ),
    retention_days=_config.retention_days,
)
_bands_retention = Retention(
    # Sketches first: a bucket then drops the refs whose sketches this step expired.
    SweptTable(
        "dedup-sketches",
        tables.dedup_sketches.table,
        lambda keys, cutoff: expire_sketches(tables.dedup_sketches, keys, cutoff),
    ),
    SweptTable(
        "dedup-bands",
        tables.dedup_bands.table,
        lambda keys, cutoff: expire_bands(tables.dedup_bands, tables.dedup_sketches, keys, cutoff),
    ),
    retention_days=_config.retention_days,
)
_pending_retention = Retention(
    SweptTable(
        "dedup-pending",
        tables.dedup_pending.table,
        lambda keys, cutoff: expire_pending(tables.dedup_pending, keys, cutoff),
    ),
    retention_days=_config.retention_days,
)


def _partition(event: EventT) -> int:
    return int(event.message.partition)


async def _send_duplicate(record: DuplicateRecord) -> None:
    metrics.ARTICLES_DUPLICATE.labels(kind=record.kind).inc()
    await topics.duplicates.send(key=record.article_id.encode(), value=encode(record))
    _log.info(
        "article_duplicate",
        article_id=record.article_id,
        duplicate_of=record.duplicate_of,
        kind=record.kind,
        similarity=record.similarity,
    )


async def _send_verdict(verdict: Verdict) -> None:
    if verdict.duplicate is not None:
        await _send_duplicate(verdict.duplicate)
        return
    metrics.ARTICLES_UNIQUE.inc()
    await topics.unique_articles.send(
        key=verdict.article_id.encode(), value=verdict.envelope_json.encode("utf-8")
    )
    _log.info("article_unique", article_id=verdict.article_id)


@app.agent(topics.valid_articles, name="figwatch.dedup.resend")
async def check_resends(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage A, by article id: the same id again is a resend; others go on by fingerprint."""
    async for event in stream.events():
        started = time.perf_counter()
        envelope = await decode_or_dead_letter(event, ArticleEnvelope, STAGE)
        if envelope is None:
            yield None
            continue
        async with dead_letter_on_error(event, STAGE, envelope.article.id):
            ingest_ms = int(envelope.ingest.timestamp.timestamp() * 1000)
            _ids_retention.on_event(_partition(event), clock_hour(event_hour(envelope), ingest_ms))
            passed = check_resend(tables.dedup_ids, envelope)
            if isinstance(passed, DuplicateRecord):
                await _send_duplicate(passed)
            else:
                envelope = passed
                digest = digest_article(envelope, _config)
                digested = DigestedArticle(envelope=envelope, digest=digest)
                await topics.dedup_digests.send(
                    key=digest.fingerprint.encode(), value=encode(digested)
                )
        metrics.STAGE_SECONDS.labels(stage="dedup_resend").observe(time.perf_counter() - started)
        yield None


@app.agent(topics.dedup_digests, name="figwatch.dedup.exact")
async def check_exact_copies(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage B, by fingerprint: same content under another id is an exact copy."""
    async for event in stream.events():
        started = time.perf_counter()
        digested = await decode_or_dead_letter(event, DigestedArticle, STAGE)
        if digested is None:
            yield None
            continue
        async with dead_letter_on_error(event, STAGE, digested.digest.article_id):
            digest = digested.digest
            _fingerprints_retention.on_event(
                _partition(event), clock_hour(digest.hour, digest.order[0])
            )
            exact = check_exact(tables.dedup_fingerprints, digested)
            if exact is not None:
                await _send_duplicate(exact)
            else:
                pending, probes = fan_out(digested, _settings.partitions)
                await topics.dedup_pending.send(
                    key=digested.digest.article_id.encode(), value=encode(pending)
                )
                for probe in probes:
                    await topics.dedup_bands.send(
                        key=probe.ref.encode(), value=encode(probe), partition=probe.partition
                    )
        metrics.STAGE_SECONDS.labels(stage="dedup_exact").observe(time.perf_counter() - started)
        yield None


@app.agent(topics.dedup_bands, name="figwatch.dedup.bands")
async def probe_band_partitions(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage C, by band partition: find and verify near copies sharing a band key."""
    async for event in stream.events():
        started = time.perf_counter()
        probe = await decode_or_dead_letter(event, BandProbe, STAGE)
        if probe is None:
            yield None
            continue
        async with dead_letter_on_error(event, STAGE, probe.article_id):
            _bands_retention.on_event(_partition(event), clock_hour(probe.hour, probe.order[0]))
            reply = probe_bands(tables.dedup_bands, tables.dedup_sketches, probe, _config)
            await topics.dedup_replies.send(key=reply.article_id.encode(), value=encode(reply))
        metrics.STAGE_SECONDS.labels(stage="dedup_bands").observe(time.perf_counter() - started)
        yield None


@app.agent(topics.dedup_pending, name="figwatch.dedup.open")
async def open_pending_articles(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage D, by article id: register an article that waits for its band replies."""
    async for event in stream.events():
        pending = await decode_or_dead_letter(event, DedupPending, STAGE)
        if pending is None:
            yield None
            continue
        async with dead_letter_on_error(event, STAGE, pending.envelope.article.id):
            _pending_retention.on_event(_partition(event), arrival_hour(pending.order))
            verdict = open_pending(tables.dedup_pending, pending)
            if verdict is not None:
                await _send_verdict(verdict)
        yield None


@app.agent(topics.dedup_replies, name="figwatch.dedup.decide")
async def collect_band_replies(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage D, by article id: gather band replies and decide unique or near duplicate."""
    async for event in stream.events():
        reply = await decode_or_dead_letter(event, BandReply, STAGE)
        if reply is None:
            yield None
            continue
        async with dead_letter_on_error(event, STAGE, reply.article_id):
            # Pending entries age by arrival time: a reply is dated by its own message timestamp.
            hour = int(event.message.timestamp * 1000) // _MS_PER_HOUR
            verdict = collect_reply(tables.dedup_pending, reply, hour)
            if verdict is not None:
                await _send_verdict(verdict)
        yield None
