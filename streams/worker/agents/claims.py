"""Agent of the claims stage: unique articles to claim records, one per figures partition.

The stage takes the articles that are waiting (up to ``FIGWATCH_BATCH_MAX``, waiting at most
``FIGWATCH_BATCH_WAIT_MS``) and sends their claims as one record per figures partition.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import faust
from kafka.partitioner.default import murmur2

from schemas.article import Article, ArticleEnvelope
from schemas.claim import Claim, ClaimBatch
from schemas.codec import encode
from streams.claims.extract import extract_claims
from streams.claims.vocab import vocabulary
from streams.figures.routing import figures_key
from streams.logs import get_logger
from streams.pipeline import claims_of
from streams.settings import get_settings
from streams.worker import metrics, topics
from streams.worker.agents.common import batches, handle_record, send_dead_letter
from streams.worker.app import app

STAGE = "claims"
_log = get_logger(STAGE)
_settings = get_settings()


_WARM_UP = (
    Article(id="warm-up", source="figwatch", language="en", body="Floods killed 12 in Cairo."),
    Article(id="warm-up", source="figwatch", language="ar", body="قتل 12 شخصا في القاهرة."),
)
"""Articles extracted once before the first record, with the vocabulary loaded, so that
loading the lexicons and the gazetteer (about 1.5 s of CPU) is part of the worker's start,
not of the latency of its first articles."""


def _figures_partition(claim: Claim) -> int:
    # As the producer's default partitioner places a key, and table routes look it up.
    key = figures_key(claim.metric_key).encode("utf-8")
    return (murmur2(key) & 0x7FFFFFFF) % _settings.partitions


async def _extract(event: faust.EventT, envelope: ArticleEnvelope) -> list[Claim]:
    started = time.perf_counter()
    claims = claims_of(envelope, extract_claims)
    for claim in claims:
        metrics.CLAIMS_EXTRACTED.labels(
            language=claim.language, predicate=claim.predicate or "none"
        ).inc()
    _log.info(
        "claims_extracted",
        article_id=envelope.article.id,
        claims=len(claims),
        duration_ms=round((time.perf_counter() - started) * 1000, 3),
    )
    return claims


def _article_id(envelope: ArticleEnvelope) -> str:
    return envelope.article.id


async def _send(claims: list[Claim], events: list[faust.EventT], partition: int) -> None:
    key = figures_key(claims[0].metric_key).encode("utf-8")
    try:
        await topics.claims.send(
            key=key, value=encode(ClaimBatch(claims=claims)), partition=partition
        )
    except Exception as error:  # noqa: BLE001  (the articles are set aside, not lost)
        _log.exception("claims_send_failed", partition=partition, claims=len(claims))
        for event in events:
            await send_dead_letter(event, STAGE, "processing_error", repr(error))


@app.agent(topics.unique_articles, name="figwatch.claims")
async def extract(stream: faust.StreamT) -> AsyncIterator[None]:
    """Extract the numeric claims of every unique article."""
    vocabulary()
    for article in _WARM_UP:
        extract_claims(article)
    async for events in batches(stream):
        claims: dict[int, list[Claim]] = {}
        sources: dict[int, list[faust.EventT]] = {}
        for event in events:
            extracted = await handle_record(event, ArticleEnvelope, STAGE, _extract, _article_id)
            for claim in extracted or []:
                partition = _figures_partition(claim)
                claims.setdefault(partition, []).append(claim)
                if event not in sources.setdefault(partition, []):
                    sources[partition].append(event)
        for partition, batch in claims.items():
            for chunk in _chunks(batch):
                await _send(chunk, sources[partition], partition)
        yield None


_CLAIM_OVERHEAD = 2048
"""Bytes of a claim's JSON besides its evidence and title, generously: fields, labels, keys."""


def _chunks(claims: list[Claim]) -> list[list[Claim]]:
    """``claims`` cut into records well within the largest message the worker sends."""
    budget = _settings.max_message_bytes // 2
    chunks: list[list[Claim]] = [[]]
    size = 0
    for claim in claims:
        cost = _CLAIM_OVERHEAD + 2 * (len(claim.evidence) + len(claim.title))
        if chunks[-1] and size + cost > budget:
            chunks.append([])
            size = 0
        chunks[-1].append(claim)
        size += cost
    return chunks
