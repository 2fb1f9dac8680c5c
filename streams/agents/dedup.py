"""Agents of deduplication: four repartitioned stages over Faust tables.

valid articles (by id: resends) -> digests (by fingerprint: exact copies) -> band probes (by
band partition: near copies) and pending articles -> replies (by id: the verdict) -> unique
articles or duplicate records. Each stage calls one pure function of ``streams.dedup.stages``.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import faust

from schemas.article import ArticleEnvelope
from schemas.codec import DecodeError, decode, encode
from schemas.dedup import BandProbe, BandReply, DedupPending, DigestedArticle
from schemas.duplicate import DuplicateRecord
from streams import metrics, tables, topics
from streams.agents.common import send_dead_letter
from streams.app import app
from streams.dedup.config import DedupConfig
from streams.dedup.stages import (
    Verdict,
    check_exact,
    check_resend,
    collect_reply,
    digest_article,
    fan_out,
    open_pending,
    probe_bands,
)
from streams.logs import get_logger
from streams.settings import get_settings

STAGE = "dedup"
_log = get_logger(STAGE)
_settings = get_settings()
_config = DedupConfig(threshold=_settings.dedup_threshold, retention_days=_settings.retention_days)


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
        try:
            envelope = decode(ArticleEnvelope, event.value)
        except DecodeError as error:
            await send_dead_letter(event, STAGE, error.kind, error.reason)
            yield None
            continue
        resend = check_resend(tables.dedup_ids, envelope)
        if resend is not None:
            await _send_duplicate(resend)
        else:
            digest = digest_article(envelope, _config)
            digested = DigestedArticle(envelope=envelope, digest=digest)
            await topics.dedup_digests.send(key=digest.fingerprint.encode(), value=encode(digested))
        metrics.STAGE_SECONDS.labels(stage="dedup_resend").observe(time.perf_counter() - started)
        yield None


@app.agent(topics.dedup_digests, name="figwatch.dedup.exact")
async def check_exact_copies(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage B, by fingerprint: same content under another id is an exact copy."""
    async for event in stream.events():
        started = time.perf_counter()
        try:
            digested = decode(DigestedArticle, event.value)
        except DecodeError as error:
            await send_dead_letter(event, STAGE, error.kind, error.reason)
            yield None
            continue
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
        try:
            probe = decode(BandProbe, event.value)
        except DecodeError as error:
            await send_dead_letter(event, STAGE, error.kind, error.reason)
            yield None
            continue
        reply = probe_bands(tables.dedup_bands, tables.dedup_sketches, probe, _config)
        await topics.dedup_replies.send(key=reply.article_id.encode(), value=encode(reply))
        metrics.STAGE_SECONDS.labels(stage="dedup_bands").observe(time.perf_counter() - started)
        yield None


@app.agent(topics.dedup_pending, name="figwatch.dedup.open")
async def open_pending_articles(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage D, by article id: register an article that waits for its band replies."""
    async for event in stream.events():
        try:
            pending = decode(DedupPending, event.value)
        except DecodeError as error:
            await send_dead_letter(event, STAGE, error.kind, error.reason)
            yield None
            continue
        verdict = open_pending(tables.dedup_pending, pending)
        if verdict is not None:
            await _send_verdict(verdict)
        yield None


@app.agent(topics.dedup_replies, name="figwatch.dedup.decide")
async def collect_band_replies(stream: faust.StreamT) -> AsyncIterator[None]:
    """Stage D, by article id: gather band replies and decide unique or near duplicate."""
    async for event in stream.events():
        try:
            reply = decode(BandReply, event.value)
        except DecodeError as error:
            await send_dead_letter(event, STAGE, error.kind, error.reason)
            yield None
            continue
        verdict = collect_reply(tables.dedup_pending, reply)
        if verdict is not None:
            await _send_verdict(verdict)
        yield None
